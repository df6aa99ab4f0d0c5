"""Public stories for partner channels (feeds, open data, widgets): one query, one set of rules
for what is public, one place that checks the partner's choice of language, size and offset;
the facets (country, theme, innovation, status, step, challenge) go through the same
StoryFilter as the story index and the API."""

from dataclasses import dataclass, field

from django.conf import settings

from search.public import public

from .filters import StoryFilter
from .models import GoodPracticeStory
from .themes import with_themes

LANGUAGES = {code for code, _name in settings.LANGUAGES}
MAX_LIMIT = 50
MAX_OFFSET = 10**9  # as the API's: beyond any number of stories, within any database's integer


class ChoiceError(ValueError):
    """A partner asked for something that does not exist; the message says what."""


def _whole_number(params, name, default, lowest, highest):
    raw = params.get(name)
    if raw is None:
        return default
    message = f"{name}: a whole number from {lowest} to {highest}, not {raw!r}"
    try:
        number = int(raw)
    except ValueError:
        raise ChoiceError(message) from None
    if not lowest <= number <= highest:
        raise ChoiceError(message)
    return number


@dataclass
class StoryChoice:
    language: str
    facets: dict = field(default_factory=dict)  # {StoryFilter parameter: checked value}
    limit: int | None = 20  # None: all of them (the open data without a limit)
    offset: int = 0

    @classmethod
    def from_query(cls, params, *, language=None, default_limit=20):
        language = language or params.get("lang") or settings.LANGUAGE_CODE
        if language not in LANGUAGES:
            raise ChoiceError(f"lang: use one of {', '.join(sorted(LANGUAGES))}, not {language!r}")
        chosen = StoryFilter(params)
        if chosen.messages:
            raise ChoiceError(chosen.messages[0])
        limit = _whole_number(params, "limit", default_limit, 1, MAX_LIMIT)
        offset = _whole_number(params, "offset", 0, 0, MAX_OFFSET)
        return cls(language, chosen.chosen(), limit, offset)

    def stories(self):
        """Live, public stories of the language, newest first, with what cards need (no
        channel shows a story's stream fields: they are not loaded)."""
        queryset = (
            public(GoodPracticeStory.objects.all(), language=self.language)
            .defer_streamfields()
            .select_related("locale")
            .prefetch_related(with_themes())
            .order_by("-first_published_at", "pk")
        )
        return StoryFilter.narrow(queryset, **self.facets)

    def chosen(self, **only):
        """The stories the partner asked for (of those matching `only`, field lookups): `offset`
        skipped, then `limit` of them, or all of them."""
        end = None if self.limit is None else self.offset + self.limit
        return self.stories().filter(**only)[self.offset : end]
