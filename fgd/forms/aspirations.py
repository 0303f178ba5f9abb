"""Staff forms of the triage queue and the aspiration detail page."""

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.choices import Pillar, Ring
from core.fields import RupiahField, WholeNumberField
from fgd.forms.public import PLACE_LEVELS
from fgd.models import PRIORITY_CRITERIA, Aspiration, AspirationCategory, FgdSession
from fgd.selectors.aspirations import SORTS, AspirationFilters
from fgd.services.aspirations import ALLOWED_TRANSITIONS, missing_public_reason, normalise_tracking_code
from stakeholders.forms import RegionChoiceField
from stakeholders.models import Organization, Region, Stakeholder

Status = Aspiration.Status
SCORE_CHOICES = [("", "–"), *[(i, str(i)) for i in range(1, 6)]]


class AspirationFilterForm(forms.Form):
    # Bad filter values are ignored, not reported: the filter bar shows no field errors.
    helper = FormHelper()
    helper.form_show_errors = False

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), ("open", _("Open (received or under review)")), *Status.choices],
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=AspirationCategory.objects.all(), required=False, empty_label=_("All categories")
    )
    pillar = forms.ChoiceField(label=_("Pillar"), required=False, choices=[("", _("All pillars")), *Pillar.choices])
    region = RegionChoiceField(
        label=_("Region"),
        levels=(Region.Level.REGENCY, Region.Level.DISTRICT),
        required=False,
        empty_label=_("All regions"),
    )
    ring = forms.TypedChoiceField(
        label=_("Ring"), required=False, coerce=int, empty_value=None, choices=[("", _("All rings")), *Ring.choices]
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All sources")), *Aspiration.Source.choices]
    )
    session = forms.ModelChoiceField(
        label=capfirst(_("FGD session")),
        queryset=FgdSession.objects.all(),
        required=False,
        empty_label=_("All sessions"),
    )
    date_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-priority", _("Priority, highest first")),
            ("priority", _("Priority, lowest first")),
            ("-created", _("Newest first")),
            ("created", _("Oldest first")),
            ("-supporters", _("Most supporters")),
            ("title", _("Title")),
        ],
    )

    def filters(self) -> AspirationFilters:
        if not self.is_valid():
            return AspirationFilters()
        data = self.cleaned_data
        return AspirationFilters(
            q=data["q"].strip(),
            status=data["status"],
            category=data["category"].pk if data["category"] else None,
            pillar=data["pillar"],
            region=data["region"].pk if data["region"] else None,
            ring=data["ring"],
            source=data["source"],
            session=data["session"].pk if data["session"] else None,
            date_from=data["date_from"],
            date_to=data["date_to"],
            sort=data["sort"] if data["sort"] in SORTS else "-priority",
        )


class BulkActionForm(forms.Form):
    # The status changes are the values of Aspiration.Status (services.aspirations.BULK_STATUSES).
    ACTIONS = [
        ("under_review", _("Mark under review")),
        ("accepted", _("Accept")),
        ("set_category", _("Set category")),
    ]

    ids = forms.TypedMultipleChoiceField(coerce=int, choices=[], widget=forms.MultipleHiddenInput, required=False)
    everything = forms.BooleanField(
        label=_("Every aspiration matching the filters, not only the ticked ones"), required=False
    )
    # The queue's filters (its query string) that "every aspiration matching" applies to.
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)
    action = forms.ChoiceField(label=_("With the selected"), choices=ACTIONS)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=AspirationCategory.objects.all(), required=False, empty_label=_("— category —")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is acceptable here; the view only acts on aspirations that exist.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "set_category" and not cleaned.get("category"):
            self.add_error("category", _("Choose the category to set."))
        if not cleaned.get("ids") and not cleaned.get("everything"):
            self.add_error("ids", _("Select at least one aspiration."))
        return cleaned

    def filters(self) -> AspirationFilters:
        """The queue's filters "every aspiration matching" means (bad values ignored, as on the queue)."""
        return AspirationFilterForm(QueryDict(self.cleaned_data.get("query") or "")).filters()


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    public_note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown on the tracking page. Required when declining."),
    )
    private_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only staff see this."),
    )

    def __init__(self, *args, aspiration: Aspiration, **kwargs):
        super().__init__(*args, **kwargs)
        # Merging has its own form (it needs the main aspiration); every other allowed move is offered.
        allowed = [s for s in Status if s in ALLOWED_TRANSITIONS[aspiration.status] and s != Status.MERGED]
        self.fields["to_status"].choices = [(s.value, s.label) for s in allowed]
        self.is_possible = bool(allowed)

    def clean(self):
        cleaned = super().clean()
        if reason_missing := missing_public_reason(cleaned.get("to_status"), cleaned.get("public_note")):
            self.add_error("public_note", reason_missing)
        return cleaned


class ScoreForm(forms.ModelForm):
    class Meta:
        model = Aspiration
        fields = list(PRIORITY_CRITERIA)
        help_texts = {
            "urgency": _("1 = can wait, 5 = urgent"),
            "reach": _("1 = a few people, 5 = a whole area"),
            "ring_score": _("5 = ring 1, next to the operations"),
            "alignment": _("1 = unrelated, 5 = a Renstra goal"),
            "feasibility": _("1 = hard, 5 = easy to do"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
            field.widget = forms.Select(choices=SCORE_CHOICES)


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Tracking code of the main aspiration"),
        max_length=30,
        help_text=_("The aspiration this one duplicates, for example ASP-7K3Q-XM2P."),
    )
    public_note = forms.CharField(
        label=_("Public note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave empty for the standard text."),
    )

    def __init__(self, *args, aspiration: Aspiration, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspiration = aspiration

    def clean_into(self) -> Aspiration:
        code = normalise_tracking_code(self.cleaned_data["into"])
        main = Aspiration.objects.filter(tracking_code=code).first() if code else None
        if main is None:
            raise ValidationError(_("No aspiration has this tracking code."))
        if main.pk == self.aspiration.pk:
            raise ValidationError(_("An aspiration cannot be merged into itself."))
        return main


class AspirationForm(forms.ModelForm):
    """Staff entry of an aspiration from a visit, a letter or an FGD, and editing during triage."""

    region = RegionChoiceField(label=_("Location"), levels=PLACE_LEVELS, required=False, empty_label=_("— region —"))
    estimated_cost = RupiahField(label=_("Estimated cost (Rp)"), required=False)
    consent = forms.BooleanField(
        label=_("The submitter agreed that we store their name and contact details"),
        required=False,
    )

    class Meta:
        model = Aspiration
        fields = [
            "title",
            "description",
            "category",
            "pillar",
            "region",
            "location_detail",
            "beneficiaries_count",
            "beneficiaries_kind",
            "estimated_cost",
            "source",
            "session",
            "stakeholder",
            "organization",
            "submitter_name",
            "submitter_organization",
            "submitter_phone",
            "submitter_email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"beneficiaries_count": WholeNumberField}
        # Staff type in someone else's details: the model's "your name" is the public form's wording.
        labels = {"submitter_name": _("Submitter's name"), "submitter_organization": _("Submitter's organisation")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = Stakeholder.objects.filter(is_active=True).order_by("name")
        self.fields["organization"].queryset = Organization.objects.order_by("name")
        self.fields["session"].queryset = FgdSession.objects.order_by("-starts_at")
        if self.instance.pk and self.instance.consent_given_at:
            self.fields["consent"].initial = True
        self.fields["title"].widget.attrs.update(
            {
                "data-hx-get": reverse("aspirations:staff_similar"),
                "data-hx-trigger": "input changed delay:700ms, change",
                "data-hx-target": "#similar-aspirations",
            }
        )

    def clean(self):
        cleaned = super().clean()
        gives_contact = any(cleaned.get(n) for n in ("submitter_name", "submitter_phone", "submitter_email"))
        if gives_contact and not cleaned.get("consent"):
            self.add_error("consent", _("Record the submitter's consent, or leave the contact fields empty."))
        return cleaned
