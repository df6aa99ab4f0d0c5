"""The story's edit form: themes chosen from the list, and checks a number field cannot make
alone (a place inside Latvia, a period that ends after it starts, alt text for an image)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from knowledge.core.forms import LATVIA, OUTSIDE_LATVIA, KnowledgePageForm
from knowledge.practices.models import LocalActionGroup

from .themes import Theme


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class StoryForm(KnowledgePageForm):
    # A new theme is made as a theme snippet, with both its labels: typing one here made stray
    # themes without an English label.
    themes = ThemeChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("themes"),
        help_text=_(
            "What the story is about; readers filter stories by theme. A new theme is added "
            "under Snippets → Themes, with its Latvian and English label."
        ),
    )
    confirm_location = forms.BooleanField(
        required=False,
        label=_("The place is outside Latvia's borders on purpose"),
        help_text=_("Only for a story in Latvia whose coordinates lie outside the country."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fix_partners_lag()

    def fix_partners_lag(self):
        """A LAG partner writes for their own LAG: preset, and not theirs to change. The LAG
        is found through the partner group's link (knowledge.newsroom.models.LagPartnerGroup,
        reverse name `partner_groups`); the newsroom comes after this package."""
        user, field = self.for_user, self.fields.get("lag")
        if field is None or user is None or user.is_superuser:
            return
        lags = LocalActionGroup.objects.filter(partner_groups__group__user=user).distinct()
        if not lags.exists():
            return
        field.widget = forms.Select()
        field.queryset = lags
        field.help_text = _("The LAG of your partner group: the stories you write are its.")
        if len(lags) == 1:
            field.empty_label = None
            field.disabled = True
            self.initial["lag"] = lags[0].pk
        else:
            field.required = True

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            self.add_error(
                "longitude" if longitude is None else "latitude",
                _("Give both coordinates, or neither."),
            )
        elif (
            cleaned.get("country") == "LV"
            and latitude is not None
            and not cleaned.get("confirm_location")
            and not (
                LATVIA["latitude"][0] <= latitude <= LATVIA["latitude"][1]
                and LATVIA["longitude"][0] <= longitude <= LATVIA["longitude"][1]
            )
        ):
            self.add_error("latitude", OUTSIDE_LATVIA)
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                _("Describe the image for readers who cannot see it (alternative text)."),
            )
        return cleaned
