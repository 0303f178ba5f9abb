"""The public aspiration form: no login, mobile-first, everything typed is kept on errors."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import Pillar
from core.fields import RupiahField, WholeNumberField
from fgd.models import AspirationCategory, Invitation
from fgd.uploads import validate_upload
from stakeholders.forms import RegionChoiceField
from stakeholders.models import Region

TITLE_MAX = 200
DESCRIPTION_MAX = 3000
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()-]{6,18}$")
# Where an aspiration is: a district or one of its sub-districts.
PLACE_LEVELS = (Region.Level.DISTRICT, Region.Level.SUBDISTRICT)


class PublicAspirationForm(forms.Form):
    title = forms.CharField(
        label=_("What do you ask for?"),
        max_length=TITLE_MAX,
        help_text=_("A short title, for example “Clean water for RT 12”."),
    )
    description = forms.CharField(
        label=_("Describe your aspiration"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who needs it, why, and what would help. At most %(max)s characters.") % {"max": DESCRIPTION_MAX},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=AspirationCategory.objects.all(),
        required=False,
        empty_label=_("— I am not sure —"),
    )
    pillar = forms.ChoiceField(
        label=_("TJSL pillar (if you know it)"),
        choices=[("", _("— I am not sure —")), *Pillar.choices],
        required=False,
    )
    region = RegionChoiceField(
        label=_("Where? (district or sub-district)"),
        levels=PLACE_LEVELS,
        required=False,
        empty_label=_("— Choose a place —"),
    )
    location_detail = forms.CharField(
        label=_("Location detail"),
        max_length=200,
        required=False,
        help_text=_("RT/RW, street, a landmark."),
    )
    beneficiaries_count = WholeNumberField(
        label=_("How many people would benefit?"), min_value=1, max_value=10_000_000, required=False
    )
    beneficiaries_kind = forms.CharField(
        label=_("Who would benefit?"),
        max_length=100,
        required=False,
        help_text=_("For example: households, students, fishermen, women's groups."),
    )
    estimated_cost = RupiahField(
        label=_("Estimated cost in rupiah (if you know it)"),
        max_value=1_000_000_000_000,
        required=False,
    )
    attachment = forms.FileField(
        label=_("A photo or document (optional)"),
        required=False,
        help_text=_("One JPEG or PNG photo, or a PDF."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )
    submitter_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    submitter_organization = forms.CharField(label=_("Your organisation or group"), max_length=200, required=False)
    submitter_phone = forms.CharField(
        label=_("Phone or WhatsApp"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    submitter_email = forms.EmailField(
        label=_("E-mail"), max_length=254, required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    consent = forms.BooleanField(
        label=_("I agree that the company stores my name and contact details to follow up on this aspiration."),
        required=False,
    )
    # Anti-abuse: a signed render time, and a honeypot people never see (hidden by the hp-field CSS class).
    rendered_at = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    session = forms.CharField(widget=forms.HiddenInput, required=False, max_length=12)

    CONTACT_FIELDS = ("submitter_name", "submitter_phone", "submitter_email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitter_name"].widget.attrs["autocomplete"] = "name"
        self.fields["submitter_organization"].widget.attrs["autocomplete"] = "organization"
        # With JavaScript, htmx shows similar aspirations under the title as people type.
        self.fields["title"].widget.attrs.update(
            {
                "data-hx-get": reverse("aspirations:similar"),
                "data-hx-trigger": "input changed delay:700ms, change",
                "data-hx-target": "#similar-aspirations",
            }
        )

    def clean_submitter_phone(self) -> str:
        phone = self.cleaned_data["submitter_phone"].strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(_("Enter a phone number with digits only, for example 0812 3456 7890."))
        return re.sub(r"[ ()-]", "", phone)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        gives_contact = any(cleaned.get(name) for name in self.CONTACT_FIELDS)
        if gives_contact and not cleaned.get("consent"):
            self.add_error(
                "consent",
                _("Tick this box if we may keep your name and contact details, or leave those fields empty."),
            )
        return cleaned

    def aspiration_fields(self) -> dict:
        names = [
            "title",
            "description",
            "category",
            "pillar",
            "region",
            "location_detail",
            "beneficiaries_count",
            "beneficiaries_kind",
            "estimated_cost",
            "submitter_name",
            "submitter_organization",
            "submitter_phone",
            "submitter_email",
        ]
        return {name: self.cleaned_data.get(name) for name in names}


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Your tracking code"),
        max_length=30,
        help_text=_("For example ASP-7K3Q-XM2P. Capitals, spaces and dashes do not matter."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
    )


class RsvpForm(forms.Form):
    """The invitee's answer through the link in their invitation (fgd.views.rsvp): three choices, and the
    name of whoever comes in their place; plain radios, so it works on any phone without JavaScript."""

    answer = forms.ChoiceField(
        label=_("Will you attend?"),
        widget=forms.RadioSelect,
        choices=[
            (Invitation.Response.ACCEPTED, pgettext_lazy("RSVP answer", "I will attend")),
            (Invitation.Response.DECLINED, pgettext_lazy("RSVP answer", "I cannot attend")),
            (Invitation.Response.DELEGATED, pgettext_lazy("RSVP answer", "Someone will come in my place")),
        ],
    )
    delegate_name = forms.CharField(
        label=_("Name of the person who will come in your place"),
        max_length=150,
        required=False,
        help_text=_("Only when someone comes in your place."),
    )
