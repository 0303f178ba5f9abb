"""Writes of the realisation: the month's figures with their evidence, and the closing of periods.

Every rule of monev that says no lives here: the plan must be approved, a closed period is
read-only, a save started from an older version is refused (and shows the newer values), evidence
is checked by content and size, a cancelled activity needs a reason.
"""

import datetime
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.errors import DomainError
from fgd.models import Aspiration, AspirationStatusChange
from fgd.services.aspirations import aspiration_transition
from fgd.uploads import EXTENSIONS, validate_upload
from programs.models import Activity, AnnualPlan, GoalIndicator, Indicator, Program

from .models import (
    Evidence,
    GoalIndicatorActual,
    IndicatorActual,
    Period,
    PeriodEvent,
    Realisation,
    period_label,
    quarter_of,
)

Status = Realisation.Status
AspirationStatus = Aspiration.Status
Note = AspirationStatusChange.Note
EDITABLE_FIELDS = (
    "status",
    "cancel_reason",
    "progress",
    "actual_spend",
    "completed_on",
    "beneficiaries_reached",
    "note",
)


class MonitoringError(DomainError):
    pass


class PeriodClosed(MonitoringError):
    def __init__(self, period: Period) -> None:
        who = period.closed_by.get_full_name() or period.closed_by.get_username() if period.closed_by else ""
        message = _(
            "%(period)s is closed: its figures are read-only. Only a manager can reopen it, with a reason%(who)s."
        ) % {
            "period": period_label(period.quarter, period.plan.year),
            "who": (_(" (closed by %(name)s)") % {"name": who}) if who else "",
        }
        super().__init__(message, code="period_closed")
        self.period = period


class VersionConflict(MonitoringError):
    """Someone saved this activity-month after the form was opened: `current` holds their values."""

    def __init__(self, current: Realisation) -> None:
        who = current.updated_by.get_full_name() or current.updated_by.get_username() if current.updated_by else "?"
        super().__init__(
            _(
                "%(name)s saved this month at %(time)s while you were editing. Their values are shown below; "
                "check them, change what is needed and save again."
            )
            % {"name": who, "time": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")},
            code="version_conflict",
        )
        self.current = current


@dataclass
class SaveResult:
    realisation: Realisation
    warnings: list[str] = field(default_factory=list)


def _closed_period(plan: AnnualPlan, month: int) -> Period | None:
    """The closed period that holds `month`: the year first, then its quarter."""
    closed = {
        p.quarter: p
        for p in Period.objects.select_related("plan", "closed_by").filter(
            plan=plan, is_closed=True, quarter__in=[Period.YEAR, quarter_of(month)]
        )
    }
    return closed.get(Period.YEAR) or closed.get(quarter_of(month))


def ensure_open(*, plan: AnnualPlan, month: int) -> None:
    if plan.status != AnnualPlan.Status.APPROVED:
        raise MonitoringError(_("Realisation is recorded on an approved plan only."), code="plan_not_approved")
    period = _closed_period(plan, month)
    if period is not None:
        raise PeriodClosed(period)


@transaction.atomic
def realisation_save(
    *, activity: Activity, month: int, version: int, by, evidence=(), evidence_description: str = "", **fields
) -> SaveResult:
    """Records the month of an activity. `version` is the one the form was opened with (0: new).
    `evidence`: uploaded files, checked before anything is written; a refused file refuses the save."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"realisation_save does not edit {sorted(unknown)}")
    if not 1 <= month <= 12:
        raise ValueError("month must be 1..12")
    # One officer at a time per activity: the row lock orders concurrent saves, the version tells the later one.
    locked = Activity.objects.select_for_update().select_related("program__plan").get(pk=activity.pk)
    plan = locked.program.plan
    ensure_open(plan=plan, month=month)
    current = Realisation.objects.select_related("updated_by").filter(activity=locked, month=month).first()
    if (current.version if current else 0) != version:
        if current is None:  # the row was deleted under the form: nothing to show
            raise MonitoringError(_("This month was changed meanwhile; open it again."), code="version_conflict")
        raise VersionConflict(current)
    status = fields.get("status", current.status if current else Status.NOT_STARTED)
    if status == Status.CANCELLED and not str(fields.get("cancel_reason", "")).strip():
        raise MonitoringError(_("Give the reason why the activity was cancelled."), field="cancel_reason")
    if status == Status.DONE and fields.get("progress") is not None and fields["progress"] < 100:
        raise MonitoringError(_("A done activity is at 100%% progress."), field="progress")
    spend = int(fields.get("actual_spend") or 0)
    if spend < 0:
        raise MonitoringError(_("Actual spend cannot be negative."), field="actual_spend")
    warnings = _spend_checks(activity=locked, month=month, spend=spend, note=str(fields.get("note", "")))
    checked = [(upload, _check_evidence(upload)) for upload in evidence]

    realisation = current or Realisation(activity=locked, month=month, version=0)
    for name, value in fields.items():
        setattr(realisation, name, value.strip() if isinstance(value, str) else value)
    if realisation.status == Status.DONE and realisation.completed_on is None:
        realisation.completed_on = timezone.localdate()
    realisation.version += 1
    realisation.updated_by = by
    realisation.save()
    for upload, content_type in checked:
        _store_evidence(realisation, upload, content_type, evidence_description, by)
    _after_save_hooks(realisation=realisation, by=by)
    return SaveResult(realisation=realisation, warnings=warnings)


def _spend_checks(*, activity: Activity, month: int, spend: int, note: str) -> list[str]:
    """Above the activity's remaining budget: a warning. The program's total above its plan: needs a reason."""
    others = Realisation.objects.filter(activity__program=activity.program).exclude(activity=activity, month=month)
    activity_others = others.filter(activity=activity).aggregate(total=Sum("actual_spend"))["total"] or 0
    program_others = others.aggregate(total=Sum("actual_spend"))["total"] or 0
    program_plan = Activity.objects.filter(program=activity.program).aggregate(total=Sum("budget"))["total"] or 0
    warnings = []
    if activity_others + spend > activity.budget:
        warnings.append(
            _("The spend is above the activity's remaining budget (%(remaining)s).")
            % {"remaining": f"Rp {max(activity.budget - activity_others, 0):,}".replace(",", ".")}
        )
    if program_others + spend > program_plan and not note.strip():
        raise MonitoringError(
            _("The program's actual spend would exceed its plan: explain why in the note."), field="note"
        )
    return warnings


def _check_evidence(upload) -> str:
    try:
        return validate_upload(upload)
    except ValidationError as invalid:
        raise MonitoringError(invalid.messages[0], code=invalid.code, field="evidence") from invalid


def _store_evidence(realisation: Realisation, upload, content_type: str, description: str, by) -> Evidence:
    original_name = PurePath(upload.name or "file").name[:255]
    upload.name = f"{secrets.token_hex(12)}{EXTENSIONS[content_type]}"  # never the uploaded name on disk
    return Evidence.objects.create(
        realisation=realisation,
        file=upload,
        original_name=original_name,
        content_type=content_type,
        size=upload.size,
        description=description.strip()[:200],
        uploaded_by=by,
    )


@transaction.atomic
def evidence_add(*, realisation: Realisation, upload, description: str = "", by) -> Evidence:
    Activity.objects.select_for_update().filter(pk=realisation.activity_id).first()
    ensure_open(plan=realisation.activity.program.plan, month=realisation.month)
    return _store_evidence(realisation, upload, _check_evidence(upload), description, by)


# --- Periods ------------------------------------------------------------------------------------


def _period_for_update(plan: AnnualPlan, quarter: int) -> Period:
    if quarter not in (Period.YEAR, 1, 2, 3, 4):
        raise ValueError("quarter must be 0 (the year) or 1..4")
    AnnualPlan.objects.select_for_update().filter(pk=plan.pk).first()
    period, _created = Period.objects.select_related("plan", "closed_by").get_or_create(plan=plan, quarter=quarter)
    return period


@transaction.atomic
def period_close(*, plan: AnnualPlan, quarter: int, by) -> Period:
    """Closes a quarter (1–4) or the year (0): its figures become read-only until a manager reopens it."""
    if plan.status != AnnualPlan.Status.APPROVED:
        raise MonitoringError(_("Only an approved plan has periods to close."), code="plan_not_approved")
    period = _period_for_update(plan, quarter)
    if period.is_closed:
        raise MonitoringError(
            _("%(period)s is already closed.") % {"period": period_label(quarter, plan.year)}, code="already_closed"
        )
    period.is_closed, period.closed_by, period.closed_at = True, by, timezone.now()
    period.save()
    PeriodEvent.objects.create(period=period, action=PeriodEvent.Action.CLOSED, by=by)
    return period


@transaction.atomic
def period_reopen(*, plan: AnnualPlan, quarter: int, by, reason: str) -> Period:
    """Opens a closed period again for a correction; the reason is kept in the period's history."""
    if not reason.strip():
        raise MonitoringError(_("Give the reason for reopening."), field="reason", code="reason_missing")
    period = _period_for_update(plan, quarter)
    if not period.is_closed:
        raise MonitoringError(
            _("%(period)s is open.") % {"period": period_label(quarter, plan.year)}, code="already_open"
        )
    if quarter != Period.YEAR and Period.objects.filter(plan=plan, quarter=Period.YEAR, is_closed=True).exists():
        raise MonitoringError(_("The year is closed: reopen the year first."), code="year_closed")
    period.is_closed = False
    period.save()
    PeriodEvent.objects.create(period=period, action=PeriodEvent.Action.REOPENED, by=by, reason=reason.strip())
    return period


# --- Hooks -------------------------------------------------------------------------------------------


STARTED = (Status.ON_TRACK, Status.LATE, Status.DONE)


def _after_save_hooks(*, realisation: Realisation, by) -> None:
    """The loop for the public: a program that starts moves its linked aspirations to "in progress";
    a program whose every (not cancelled) activity is done moves them to "done", with a public note
    naming the program and its result. Through the aspiration service: one owner of transitions."""
    program = realisation.activity.program
    latest: dict[int, Realisation] = {}
    for row in Realisation.objects.filter(activity__program=program).order_by("activity_id", "month"):
        latest[row.activity_id] = row
    activity_ids = list(Activity.objects.filter(program=program).values_list("pk", flat=True))
    started = any(r.status in STARTED or r.progress > 0 for r in latest.values())
    live = [latest.get(pk) for pk in activity_ids if latest.get(pk) is None or latest[pk].status != Status.CANCELLED]
    done = bool(live) and all(r is not None and r.status == Status.DONE for r in live)
    if not started:
        return
    # Public notes are events, worded in each reader's language when shown (fgd.models.note_text).
    started_note = {"note_kind": Note.PROGRAM_STARTED, "note_data": {"program": program.name}}
    done_note = {"note_kind": Note.PROGRAM_DONE, "note_data": _program_done_data(program, latest)} if done else {}
    aspirations = program.aspirations.select_for_update().filter(
        status__in=[AspirationStatus.PLANNED, AspirationStatus.IN_PROGRESS]
    )
    for aspiration in aspirations:
        if aspiration.status == AspirationStatus.PLANNED:
            aspiration_transition(
                aspiration=aspiration,
                to_status=AspirationStatus.IN_PROGRESS,
                by=by,
                **started_note,  # type: ignore[arg-type]
            )
        if done:
            aspiration_transition(
                aspiration=aspiration,
                to_status=AspirationStatus.DONE,
                by=by,
                **done_note,  # type: ignore[arg-type]
            )


def _program_done_data(program, latest: dict[int, Realisation]) -> dict:
    # Each month records the beneficiaries newly reached that month: the program's result is their sum.
    totals = Realisation.objects.filter(activity__program=program).aggregate(total=Sum("beneficiaries_reached"))
    delivered = Activity.objects.filter(pk__in=[pk for pk, r in latest.items() if r.status == Status.DONE])
    return {
        "program": program.name,
        "delivered": list(delivered.values_list("name", flat=True)),
        "reached": totals["total"] or 0,
        "kind": program.beneficiaries_kind,
    }


def today() -> datetime.date:
    return timezone.localdate()


# --- Indicators --------------------------------------------------------------------------------------


def indicator_field(indicator_id: int, quarter: int) -> str:
    """The form field (and error key) of one indicator's value in one quarter."""
    return f"ind-{indicator_id}-q{quarter}"


@transaction.atomic
def indicator_actuals_save(*, program: Program, values: dict[tuple[int, int], Decimal | None], by) -> int:
    """Records a program's indicator values per quarter, {(indicator id, quarter): value, or None to clear}.
    Values are what was reached so far in the year. A changed value in a closed quarter (or closed
    year) is refused; unchanged ones pass. Returns how many values changed."""
    plan = AnnualPlan.objects.select_for_update().get(pk=program.plan_id)
    if plan.status != AnnualPlan.Status.APPROVED:
        raise MonitoringError(_("Realisation is recorded on an approved plan only."), code="plan_not_approved")
    indicators = set(Indicator.objects.filter(program=program).values_list("pk", flat=True))
    current = {(a.indicator_id, a.quarter): a for a in IndicatorActual.objects.filter(indicator__program=program)}
    closed = {
        p.quarter: p for p in Period.objects.select_related("plan", "closed_by").filter(plan=plan, is_closed=True)
    }
    changed = 0
    for (indicator_id, quarter), value in sorted(values.items()):
        if indicator_id not in indicators or quarter not in (1, 2, 3, 4):
            raise ValueError(f"indicator {indicator_id} quarter {quarter} is not one of the program's")
        existing = current.get((indicator_id, quarter))
        if (existing.value if existing else None) == value:
            continue
        period = closed.get(Period.YEAR) or closed.get(quarter)
        if period is not None:
            raise PeriodClosed(period)
        if value is not None and value < 0:
            raise MonitoringError(
                _("An actual value cannot be negative."), field=indicator_field(indicator_id, quarter)
            )
        if value is None:
            existing.delete()  # type: ignore[union-attr]
        elif existing:
            existing.value, existing.updated_by = value, by
            existing.save()
        else:
            IndicatorActual.objects.create(indicator_id=indicator_id, quarter=quarter, value=value, updated_by=by)
        changed += 1
    return changed


@transaction.atomic
def goal_indicator_actual_save(*, goal_indicator: GoalIndicator, year: int, value: Decimal | None, by) -> None:
    """Enters a Renstra indicator's actual of a year by hand: only when no program indicator of that
    year's approved plan is linked to it (then the actual is rolled up from them, never typed)."""
    linked = Indicator.objects.filter(
        goal_indicator=goal_indicator, program__plan__year=year, program__plan__status=AnnualPlan.Status.APPROVED
    )
    if linked.exists():
        raise MonitoringError(
            _("This indicator is rolled up from the program indicators linked to it; record those instead."),
            code="rolled_up",
        )
    year_closed = (
        Period.objects.select_related("plan", "closed_by")
        .filter(plan__year=year, plan__status=AnnualPlan.Status.APPROVED, quarter=Period.YEAR, is_closed=True)
        .first()
    )
    current = GoalIndicatorActual.objects.filter(goal_indicator=goal_indicator, year=year).first()
    if (current.value if current else None) == value:
        return
    if year_closed is not None:
        raise PeriodClosed(year_closed)
    if value is not None and value < 0:
        raise MonitoringError(_("An actual value cannot be negative."), field="value")
    if value is None:
        GoalIndicatorActual.objects.filter(goal_indicator=goal_indicator, year=year).delete()
    else:
        GoalIndicatorActual.objects.update_or_create(
            goal_indicator=goal_indicator, year=year, defaults={"value": value, "updated_by": by}
        )
