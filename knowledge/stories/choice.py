"""Public stories for partner channels (feeds, open data, widgets): one query, one set of rules
for what is public, one place that checks the partner's choice of language and size; the
facets (country, theme, innovation, status, step, challenge) go through the same StoryFilter as
the story index and the API."""

from dataclasses import dataclass, field

from django.conf import settings

from search.public import public

from .filters import StoryFilter
from .models import GoodPracticeStory
from .themes import with_themes

LANGUAGES = {code for code, _name in settings.LANGUAGES}
MAX_LIMIT = 50


class ChoiceError(ValueError):
    """A partner asked for something that does not exist; the message says what."""


@dataclass
class StoryChoice:
    language: str
    facets: dict = field(default_factory=dict)  # {StoryFilter parameter: checked value}
    limit: int = 20

    @classmethod
    def from_query(cls, params, *, language=None, default_limit=20):
        language = language or params.get("lang") or settings.LANGUAGE_CODE
        if language not in LANGUAGES:
            raise ChoiceError(f"lang: use one of {', '.join(sorted(LANGUAGES))}, not {language!r}")
        chosen = StoryFilter(params)
        if chosen.messages:
            raise ChoiceError(chosen.messages[0])
        raw_limit = params.get("limit", str(default_limit))
        try:
            limit = int(raw_limit)
        except ValueError:
            raise ChoiceError(
                f"limit: a whole number from 1 to {MAX_LIMIT}, not {raw_limit!r}"
            ) from None
        if not 1 <= limit <= MAX_LIMIT:
            raise ChoiceError(f"limit: a whole number from 1 to {MAX_LIMIT}, not {limit}")
        return cls(language, chosen.chosen(), limit)

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
