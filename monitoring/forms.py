from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.fields import NumberField, RupiahField

from .models import Realisation
from .services import indicator_field


class RealisationForm(forms.Form):
    """One activity in one month. `version` is the one the form was opened with (optimistic check)."""

    status = forms.ChoiceField(label=_("Status"), choices=Realisation.Status.choices)
    cancel_reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=300,
        required=False,
        help_text=_("Required when the activity is cancelled."),
    )
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    actual_spend = RupiahField(label=_("Actual spend (Rp)"), required=False)
    completed_on = forms.DateField(
        label=_("Completion date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    beneficiaries_reached = forms.IntegerField(label=_("Beneficiaries reached"), min_value=0, required=False)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was delivered; explain any overspend or delay."),
    )
    evidence = forms.FileField(
        label=_("Evidence (photo, signed BAST or receipt: JPEG, PNG or PDF)"),
        required=False,
    )
    evidence_description = forms.CharField(label=_("Evidence description"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, beneficiaries_kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if beneficiaries_kind:
            self.fields["beneficiaries_reached"].help_text = _("Unit: %(unit)s") % {"unit": beneficiaries_kind}

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.fields if name not in ("evidence", "version")}
        data.pop("evidence_description")
        data["actual_spend"] = data["actual_spend"] or 0
        data["progress"] = data["progress"] or 0
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class IndicatorActualsForm(forms.Form):
    """Every indicator of a program × the four quarters; closed quarters are shown, not editable."""

    def __init__(self, *args, rows, closed_quarters: set[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.grid = []
        for row in rows:
            cells = []
            for quarter in (1, 2, 3, 4):
                name = indicator_field(row.indicator.pk, quarter)
                self.fields[name] = NumberField(
                    label=row.indicator.name,
                    required=False,
                    initial=row.actuals.get(quarter),
                    disabled=quarter in closed_quarters,
                )
                self.fields[name].widget.attrs.update(
                    {
                        "class": "form-control form-control-sm text-end",
                        "aria-label": _("%(indicator)s, quarter %(quarter)s")
                        % {"indicator": row.indicator.name, "quarter": quarter},
                    }
                )
                cells.append(self[name])
            self.grid.append((row, cells))

    def values(self) -> dict[tuple[int, int], Decimal | None]:
        result = {}
        for name, value in self.cleaned_data.items():
            _prefix, indicator_id, quarter = name.split("-")
            result[(int(indicator_id), int(quarter.removeprefix("q")))] = value
        return result


class GoalIndicatorActualForm(forms.Form):
    goal_indicator = forms.IntegerField(widget=forms.HiddenInput)
    value = NumberField(label=_("Actual value"), required=False)
