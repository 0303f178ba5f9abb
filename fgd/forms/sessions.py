"""Forms of the FGD session pages. They validate input; the services decide what may change."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.forms import modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import Pillar, Ring
from fgd.forms.public import PLACE_LEVELS
from fgd.models import AspirationCategory, FgdSession, Invitation
from stakeholders.forms import RegionChoiceField
from stakeholders.models import Organization, Region, Stakeholder
from stakeholders.phones import InvalidPhone, normalise_phone
from stakeholders.selectors import region_choices, regions_at


class SessionForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Date and time (WITA)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
    )

    class Meta:
        model = FgdSession
        fields = ["title", "theme", "starts_at", "venue", "region", "facilitators", "organiser", "agenda"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"facilitators": _("Separate several names with commas.")}
        field_classes = {"region": RegionChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_at(
            Region.Level.REGENCY, Region.Level.DISTRICT, Region.Level.SUBDISTRICT
        )
        _limit_length(self.fields["agenda"], AGENDA_MAX_CHARS)
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault("organiser", settings.COMPANY_NAME)
        if self.instance.pk:
            # Show the stored time in WITA in the datetime-local input.
            self.initial["starts_at"] = timezone.localtime(self.instance.starts_at).strftime("%Y-%m-%dT%H:%M")


# Minutes become a PDF page by page: about 40 pages of text is already a very long FGD, and
# megabytes of text would hold a worker for minutes (issue: 5.5 MB took 5 minutes and 2.6 GB).
MINUTES_MAX_CHARS = {"summary": 10_000, "discussion_points": 40_000, "agreements": 20_000}
AGENDA_MAX_CHARS = 5_000


def _limit_length(field: forms.Field, limit: int) -> None:
    field.max_length = limit
    field.validators.append(MaxLengthValidator(limit))
    field.widget.attrs["maxlength"] = str(limit)


class MinutesForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in MINUTES_MAX_CHARS.items():
            _limit_length(self.fields[name], limit)

    class Meta:
        model = FgdSession
        fields = ["summary", "discussion_points", "agreements"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "discussion_points": forms.Textarea(attrs={"rows": 8}),
            "agreements": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "discussion_points": _("One point per line."),
            "agreements": _("One agreement per line."),
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class InviteFilterForm(forms.Form):
    # Bad filter values are ignored, not reported: the filter bar shows no field errors.
    helper = FormHelper()
    helper.form_show_errors = False

    type = forms.ChoiceField(
        label=_("Organisation type"), required=False, choices=[("", _("All types")), *Organization.Type.choices]
    )
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    ring = forms.TypedChoiceField(
        label=_("Ring"), required=False, coerce=int, empty_value=None, choices=[("", _("All rings")), *Ring.choices]
    )
    quadrant = forms.ChoiceField(
        label=_("Quadrant"), required=False, choices=[("", _("All quadrants")), *Stakeholder.Quadrant.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100, widget=forms.SearchInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions")), *region_choices()]


class InvitationAttendanceForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["response", "attendance", "represented_by"]
        widgets = {
            "response": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "attendance": forms.Select(attrs={"class": "form-select form-select-sm"}),
            "represented_by": forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.is_walk_in:
            # A walk-in was never invited, so there is no response to an invitation to record.
            self.fields["response"].disabled = True
        if self.instance.delegate_name and not self.instance.represented_by:
            # Whom the invitee said would come (RSVP link): the likely name if someone came instead.
            self.initial["represented_by"] = self.instance.delegate_name

    def clean(self):
        data = super().clean()
        if (
            data.get("attendance") == Invitation.Attendance.REPRESENTED
            and not (data.get("represented_by") or "").strip()
        ):
            self.add_error("represented_by", _("Give the name of the person who came instead."))
        return data


AttendanceFormSet = modelformset_factory(Invitation, form=InvitationAttendanceForm, extra=0, can_delete=False)


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    organization_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    organization_type = forms.ChoiceField(
        label=_("Type of organisation"), choices=Organization.Type.choices, initial=Organization.Type.OTHER
    )
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    region = RegionChoiceField(
        label=_("Where they live or work"),
        levels=PLACE_LEVELS,
        required=False,
        empty_label=_("The venue's region"),
        help_text=_("Their aspirations belong to this place. Influence and interest stay “not yet mapped”."),
    )
    phone = forms.CharField(label=_("Phone (optional)"), required=False, max_length=30)
    consent = forms.BooleanField(
        label=_("The participant agrees that the company stores this phone number to contact them about TJSL."),
        required=False,
    )

    def __init__(self, *args, session: FgdSession | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if session is not None and session.region_id:
            self.fields["region"].initial = session.region_id  # the venue's, until told otherwise

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except InvalidPhone as invalid:
            raise forms.ValidationError(_("Enter a phone number of digits, e.g. 0812 3456 7890.")) from invalid

    def clean(self):
        data = super().clean()
        if data.get("phone") and not data.get("consent"):
            self.add_error("consent", _("Ask for and record consent before storing a phone number."))
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (JPEG, PNG or PDF)"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class CaptureForm(forms.Form):
    """Fast capture: the participant choices come from the session page (no extra queries)."""

    who = forms.ChoiceField(label=_("Raised by"))
    title = forms.CharField(label=_("Aspiration"), max_length=200)
    description = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=AspirationCategory.objects.all(), empty_label=_("(later)")
    )
    pillar = forms.ChoiceField(label=_("Pillar"), required=False, choices=[("", _("(later)")), *Pillar.choices])
    region = RegionChoiceField(
        label=_("Place the aspiration belongs to"),
        levels=PLACE_LEVELS,
        required=False,
        empty_label=_("The speaker's place (shown after their name)"),
        help_text=_("Change it only when the aspiration is about another place than where the speaker lives or works."),
    )

    def __init__(self, *args, participants=(), categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [
            ("", _("Choose a participant or organisation")),
            *((p.value, p.label) for p in participants),
        ]
        if categories is not None:
            # Reuse the list the page already loaded, so rendering costs no query.
            self.fields["category"].choices = [("", _("(later)")), *((c.pk, str(c)) for c in categories)]
