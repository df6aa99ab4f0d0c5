"""The public form "Tell us your story": what a community member is asked, in plain words, and
the checks a person never notices (a hidden time stamp and a field people never see)."""

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import antispam

TEXT_LIMIT = 5000
SPAM_CODES = ("trap", "too_fast", "expired")


class CoordinateField(forms.DecimalField):
    """Decimal degrees, typed with a point or a Latvian comma, kept to five places (about a
    metre), as the story's own fields hold them."""

    widget = forms.TextInput

    def __init__(self, limit, **kwargs):
        super().__init__(min_value=-limit, max_value=limit, required=False, **kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "size": "12"})
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".").replace("°", "")
        value = super().to_python(value)
        return value.quantize(Decimal("0.00001"), ROUND_HALF_UP) if value is not None else None


def _text(label, help_text, required=True, rows=5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class StorySubmissionForm(forms.Form):
    title = forms.CharField(
        label=_("Title of your story"),
        max_length=200,
        help_text=_("A few words, e.g. «A shop the village runs itself»."),
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=255,
        help_text=_("The village or area, as people there call it."),
    )
    municipality = forms.CharField(
        label=_("Municipality"),
        max_length=255,
        help_text=_("E.g. «Tukuma novads». It tells us which Local Action Group works there."),
    )
    latitude = CoordinateField(
        90,
        label=_("Latitude"),
        help_text=_("Degrees north, e.g. 56.9496 (Rīga)."),
    )
    longitude = CoordinateField(
        180,
        label=_("Longitude"),
        help_text=_("Degrees east, e.g. 24.1052 (Rīga)."),
    )
    what_they_did = _text(_("What did you do?"), _("What the community did, how and when."), rows=7)
    what_changed = _text(
        _("What changed?"), _("What is different now, and for whom. Numbers help if you have them.")
    )
    who_took_part = _text(
        _("Who took part?"),
        _("Residents, groups, businesses, the municipality, the Local Action Group…"),
        rows=3,
    )
    funding = forms.CharField(
        label=_("Funding"),
        required=False,
        max_length=255,
        help_text=_("Where the money came from and about how much, e.g. «LEADER, 20 000 EUR»."),
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Only the moderators see it. It is never published."),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "We send you a confirmation and write if we have questions. Only the moderators "
            "see it. It is never published."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the site's editors keep my name and e-mail address as the privacy "
            "notice says."
        ),
        error_messages={
            "required": _(
                "Please agree to the privacy notice: without it we cannot take the story."
            )
        },
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    # The honeypot: hidden from people by the style sheet (never by an inline style), so only
    # a program fills it in. Its name is not one a browser fills in by itself.
    comment = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    fieldsets = (
        (_("Your story"), ("title", "place", "municipality")),
        (_("Where exactly (optional)"), ("latitude", "longitude")),
        (_("What happened"), ("what_they_did", "what_changed", "who_took_part", "funding")),
        (_("Your contact details"), ("contact_name", "contact_email")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = antispam.issue_token()

    def grouped(self):
        """The visible fields in their groups, for the template."""
        return [(legend, [self[name] for name in names]) for legend, names in self.fieldsets]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None):
            self.add_error(
                "longitude" if cleaned.get("longitude") is None else "latitude",
                _("Give both coordinates, or leave both empty."),
            )
        if cleaned.get("comment"):
            raise ValidationError(
                _(
                    "The story could not be sent: the form was filled in by a program. If you "
                    "are a person, please send it again."
                ),
                code="trap",
            )
        verdict = antispam.token_verdict(cleaned.get("started"))
        if verdict == "too_fast":
            raise ValidationError(
                _(
                    "That was quicker than anyone can write a story. Please check what you "
                    "wrote and send it again."
                ),
                code="too_fast",
            )
        if verdict == "expired":
            raise ValidationError(
                _(
                    "The form was open for a long time. What you wrote is kept: please check "
                    "it and send it again."
                ),
                code="expired",
            )
        return cleaned

    def spam_verdict(self):
        """The anti-spam check that failed ("trap", "too_fast", "expired"), or None."""
        codes = {error.code for error in self.non_field_errors().as_data()}
        return next((code for code in SPAM_CODES if code in codes), None)

    def ready_to_resend(self):
        """After a rejected attempt: the honeypot emptied and a fresh time stamp when the old
        one had run out, everything the sender typed kept."""
        data = self.data.copy()
        data["comment"] = ""
        if self.spam_verdict() in ("expired", "trap"):
            data["started"] = antispam.issue_token()
        self.data = data
