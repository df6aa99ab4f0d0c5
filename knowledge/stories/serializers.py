"""A story's own API fields: its themes, the challenges and steps it links to, its LAG."""

from rest_framework import serializers


class ThemesField(serializers.Field):
    """Themes with their labels in the page's language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        language = page.locale.language_code
        return [{"slug": t.slug, "label": t.label_for(language)} for t in page.theme_list]


class StoryLinksField(serializers.Field):
    """Related challenges and roadmap steps as the API shows them."""

    def __init__(self, relation, **kwargs):
        self.relation = relation
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, page):
        if self.relation == "challenges":
            return [
                {"slug": challenge.slug, "title": challenge.title}
                for challenge in page.linked_challenges()
            ]
        return [
            {"id": step.pk, "step_number": step.step_number, "title": step.title}
            for step in page.linked_steps()
        ]


class LagField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, lag):
        return {
            "slug": lag.slug,
            "name": lag.name,
            "region": lag.region,
            "country": lag.country,
            "website": lag.website,
        }
