import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from core.access import ROLE_GROUP_NAMES, Role, user_display_name
from core.fields import NumberField, RupiahField, WholeNumberField
from fgd.models import Aspiration
from fgd.services.aspirations import missing_public_reason
from stakeholders.forms import RegionMultipleChoiceField
from stakeholders.models import Organization, Region, Stakeholder

from .models import (
    Activity,
    AnnualPlan,
    GoalIndicator,
    Indicator,
    Program,
    ProgramPartner,
    Sdg,
    StrategicGoal,
    StrategicPlan,
)
from .selectors import latest_plan_of_year

MONTH_CHOICES = [(number, name) for number, name in MONTHS.items()]


class MonthsField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(choices=MONTH_CHOICES, coerce=int, **kwargs)


def staff_users():
    """Users who can be in charge of a program: officers and up."""
    groups = [ROLE_GROUP_NAMES[r] for r in (Role.OFFICER, Role.MANAGER, Role.ADMINISTRATOR)]
    return (
        get_user_model()
        .objects.filter(Q(groups__name__in=groups) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return user_display_name(obj)


class AspirationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        where = f" · {obj.region.name}" if obj.region_id else ""
        return f"{obj.tracking_code} · {obj.title}{where}"


class StrategicPlanForm(forms.ModelForm):
    class Meta:
        model = StrategicPlan
        fields = ["name", "start_year", "end_year", "vision", "mission"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 3}), "mission": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The last year cannot be before the first year."))
        return cleaned


class StrategicGoalForm(forms.ModelForm):
    class Meta:
        model = StrategicGoal
        fields = ["code", "title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False
        if self.instance.pk is None:
            self.initial.pop("position", None)  # empty: the service puts a new goal last


class GoalIndicatorForm(forms.ModelForm):
    """Name, unit, baseline, and one target field per year of the Renstra (`target_<year>`)."""

    class Meta:
        model = GoalIndicator
        fields = ["name", "unit", "baseline"]
        field_classes = {"baseline": NumberField}

    def __init__(self, *args, strategic_plan: StrategicPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(range(strategic_plan.start_year, strategic_plan.end_year + 1))
        existing = self.instance.yearly_targets or {}
        for year in self.years:
            self.fields[f"target_{year}"] = NumberField(
                label=_("Target %(year)s") % {"year": year},
                required=True,
                max_digits=14,
                decimal_places=2,
                initial=existing.get(str(year)),
            )

    def target_fields(self):
        return [self[f"target_{year}"] for year in self.years]

    def yearly_targets(self) -> dict:
        return {str(y): self.cleaned_data.get(f"target_{y}") for y in self.years}


class AnnualPlanForm(forms.Form):
    strategic_plan = forms.ModelChoiceField(
        label=_("Strategic plan (Renstra)"), queryset=StrategicPlan.objects.order_by("-start_year")
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    budget_ceiling = RupiahField(label=_("Budget ceiling (Rp)"))

    def clean(self):
        cleaned = super().clean()
        renstra, year = cleaned.get("strategic_plan"), cleaned.get("year")
        if renstra and year and not renstra.start_year <= year <= renstra.end_year:
            self.add_error("year", _("The year must lie within the period of the strategic plan."))
        if year and (taken := latest_plan_of_year(year)) is not None:
            self.add_error("year", _("There is already a plan for this year."))
            self.existing_plan = taken  # the page links to it and offers a revision
        return cleaned


class PlanEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    budget_ceiling = RupiahField(label=_("Budget ceiling (Rp)"))


class PlanCopyForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Copy from"), queryset=AnnualPlan.objects.none())
    year = forms.IntegerField(label=_("New year"), min_value=2000, max_value=2100)
    budget_ceiling = RupiahField(
        label=_("Budget ceiling (Rp)"), required=False, help_text=_("Empty: keep the ceiling of the plan copied.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = AnnualPlan.objects.select_related("strategic_plan").order_by(
            "-year", "-version"
        )

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year and (taken := latest_plan_of_year(year)) is not None:
            self.add_error("year", _("There is already a plan for this year."))
            self.existing_plan = taken  # the page links to it and offers a revision
        return cleaned


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ProgramForm(forms.ModelForm):
    sdgs = forms.ModelMultipleChoiceField(
        label=_("SDGs"), queryset=Sdg.objects.all(), widget=forms.CheckboxSelectMultiple, required=False
    )
    regions = RegionMultipleChoiceField(
        label=_("Locations"),
        levels=(Region.Level.REGENCY, Region.Level.DISTRICT, Region.Level.SUBDISTRICT),
        with_ring=True,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    person_in_charge = UserChoiceField(label=_("Person in charge"), queryset=None, required=False)
    start_month = forms.TypedChoiceField(label=_("Start month"), choices=MONTH_CHOICES, coerce=int, initial=1)
    end_month = forms.TypedChoiceField(label=_("End month"), choices=MONTH_CHOICES, coerce=int, initial=12)
    aspirations = AspirationChoiceField(
        label=_("Accepted aspirations this program answers"),
        queryset=Aspiration.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Linking moves them to “planned”; their public tracking page will name this program."),
    )

    class Meta:
        model = Program
        fields = [
            "code",
            "name",
            "pillar",
            "category",
            "strategic_goal",
            "objective",
            "description",
            "beneficiaries_count",
            "beneficiaries_kind",
            "person_in_charge",
            "start_month",
            "end_month",
            "alignment_tags",
        ]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"beneficiaries_count": WholeNumberField}

    def __init__(self, *args, plan: AnnualPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.fields["strategic_goal"].queryset = StrategicGoal.objects.filter(strategic_plan=plan.strategic_plan_id)
        self.fields["person_in_charge"].queryset = staff_users()
        self.fields["aspirations"].queryset = Aspiration.objects.filter(
            status=Aspiration.Status.ACCEPTED
        ).select_related("region")
        self.fields["pillar"].required = False
        if self.instance.pk:
            self.initial.setdefault("sdgs", list(self.instance.sdgs.all()))
            self.initial.setdefault("regions", list(self.instance.regions.all()))

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper()
        clash = Program.objects.filter(plan=self.plan, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another program of this plan already has this code."))
        return code

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_month"), cleaned.get("end_month")
        if start and end and end < start:
            self.add_error("end_month", _("The end month cannot be before the start month."))
        return cleaned

    def program_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MonthSplitField(forms.CharField):
    """Amounts per month, one per chosen month, separated by ";" or new lines (each read as RupiahField reads)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 400}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "; ".join(str(RupiahField().prepare_value(amount)) for amount in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        parts = [part for part in re.split(r"[;\n]", text) if part.strip()]
        return [RupiahField().clean(part) for part in parts]


class ActivityForm(forms.ModelForm):
    months = MonthsField(label=_("Months"))
    budget = RupiahField(label=_("Budget (Rp)"))
    month_split = MonthSplitField(
        label=_("Split per month (optional)"),
        help_text=_(
            "One amount per chosen month, separated by “;”, e.g. 100.000.000; 250.000.000. "
            "Empty: whole thousands per month, the remainder in the last month."
        ),
    )

    class Meta:
        model = Activity
        fields = ["name", "months", "budget", "month_split", "cost_category", "responsible_party"]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["kind", "name", "unit", "baseline", "target", "goal_indicator"]
        field_classes = {"baseline": NumberField, "target": NumberField}
        help_texts = {
            "goal_indicator": _("Its yearly actual then counts towards this indicator of the Renstra."),
        }

    def __init__(self, *args, program=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = GoalIndicator.objects.select_related("goal").order_by("goal__code", "id")
        if program is not None:
            choices = choices.filter(goal__strategic_plan_id=program.plan.strategic_plan_id)
        self.fields["goal_indicator"].queryset = choices
        self.fields["goal_indicator"].label_from_instance = lambda g: f"{g.goal.code} · {g.name} ({g.unit})"


class PartnerForm(forms.ModelForm):
    class Meta:
        model = ProgramPartner
        fields = ["organization", "stakeholder", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.order_by("name")
        self.fields["stakeholder"].queryset = Stakeholder.objects.select_related("organization").order_by("name")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("organization") and not cleaned.get("stakeholder"):
            raise forms.ValidationError(_("Choose an organisation or a stakeholder."))
        return cleaned


class LinkAspirationForm(forms.Form):
    aspiration = forms.ModelChoiceField(
        label=_("Accepted aspiration"), queryset=Aspiration.objects.filter(status=Aspiration.Status.ACCEPTED)
    )


class PlanAspirationForm(forms.Form):
    """From the traceability view: answer an unanswered aspiration with a program of the plan."""

    program = forms.ModelChoiceField(label=_("Program"), queryset=Program.objects.none())

    def __init__(self, *args, plan: AnnualPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = Program.objects.filter(plan=plan).order_by("code")


class DecideAspirationForm(forms.Form):
    """From the traceability view: defer or decline an accepted aspiration, with a public reason."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Aspiration.Status.DEFERRED, _("Defer")), (Aspiration.Status.DECLINED, _("Decline"))],
    )
    public_note = forms.CharField(label=_("Reason (shown publicly)"), max_length=1000, required=False)

    def clean(self):
        cleaned = super().clean()
        if reason_missing := missing_public_reason(cleaned.get("decision"), cleaned.get("public_note")):
            self.add_error("public_note", reason_missing)
        return cleaned
