"""Public stories for partner channels (feeds, open data, widgets): one query, one set of rules
for what is public, one place that validates the partner's choice of language and filters."""

from dataclasses import dataclass

from django.conf import settings

from knowledge.countries import COUNTRY_CODES
from knowledge.models import GoodPracticeStory, Theme

LANGUAGES = {code for code, _name in settings.LANGUAGES}
MAX_LIMIT = 50


class ChoiceError(ValueError):
    """A partner asked for something that does not exist; the message says what."""


@dataclass
class StoryChoice:
    language: str
    country: str = ""
    theme: str = ""
    limit: int = 20

    @classmethod
    def from_query(cls, params, *, language=None, default_limit=20):
        language = language or params.get("lang") or settings.LANGUAGE_CODE
        if language not in LANGUAGES:
            raise ChoiceError(f"lang: use one of {', '.join(sorted(LANGUAGES))}, not {language!r}")
        country = params.get("country", "").upper()
        if country and country not in COUNTRY_CODES:
            raise ChoiceError(f"country: unknown code {params.get('country')!r} (e.g. SE)")
        theme = params.get("theme", "")
        if theme and not Theme.objects.filter(slug=theme).exists():
            raise ChoiceError(f"theme: unknown theme {theme!r}")
        raw_limit = params.get("limit", str(default_limit))
        try:
            limit = int(raw_limit)
        except ValueError:
            raise ChoiceError(
                f"limit: a whole number from 1 to {MAX_LIMIT}, not {raw_limit!r}"
            ) from None
        if not 1 <= limit <= MAX_LIMIT:
            raise ChoiceError(f"limit: a whole number from 1 to {MAX_LIMIT}, not {limit}")
        return cls(language, country, theme, limit)

    def stories(self):
        """Live, public stories of the language, newest first, with what cards need."""
        queryset = (
            GoodPracticeStory.objects.live()
            .public()
            .filter(locale__language_code=self.language)
            .select_related("locale")
            .prefetch_related("tagged_themes__tag")
            .order_by("-first_published_at", "pk")
        )
        if self.country:
            queryset = queryset.filter(country=self.country)
        if self.theme:
            queryset = queryset.filter(tagged_themes__tag__slug=self.theme)
        return queryset
