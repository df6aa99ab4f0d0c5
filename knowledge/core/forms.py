"""The admin's forms for the site's pages and snippets: what every one of them needs."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm


def sort_choices_by_label(form, name="country"):
    """A choice list (countries) in the alphabetical order of the admin's language: the model
    keeps one list, sorted in English, which put «Apvienotā Karaliste» after «Zviedrija»."""
    field = form.fields.get(name)
    if field is None or not getattr(field, "choices", None):
        return
    choices = list(field.choices)
    blank = [choice for choice in choices if choice[0] in ("", None)]
    rest = sorted(
        (choice for choice in choices if choice[0] not in ("", None)),
        key=lambda choice: str(choice[1]).casefold(),
    )
    field.choices = blank + rest


class KnowledgePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sort_choices_by_label(self)


class KnowledgeSnippetForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sort_choices_by_label(self)


# Latvia's extent, with a margin of a few kilometres (Natural Earth's outline: 20.97–28.24 E,
# 55.67–58.09 N): a story placed in Latvia outside it has its coordinates swapped or mistyped.
LATVIA = {"latitude": (55.6, 58.1), "longitude": (20.9, 28.3)}
OUTSIDE_LATVIA = _(
    "These coordinates are outside Latvia (latitude 55.6–58.1, longitude 20.9–28.3). Check "
    "them, or tick the box below if the place really is there."
)
