"""Figures of the realisation, one function per figure, all computed from one `Snapshot`.

A page loads the snapshot once (a fixed number of queries whatever the plan's size) and asks it
for each figure; the PDF and the export ask the same functions, so the figures cannot disagree.

Weighting: progress is **weighted by budget**: each activity counts in proportion to its planned
budget (an activity of Rp 300 million weighs three times one of Rp 100 million). Cancelled
activities leave the weighting.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fgd.models import Aspiration
from fgd.selectors.aspirations import PUBLICLY_PLANNED, session_aspirations_public
from programs.models import Activity, AnnualPlan, GoalIndicator, Indicator, Program
from programs.selectors import public_plan_programs
from stakeholders.models import Region

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
WEIGHTING = gettext_lazy(
    "Progress is weighted by budget: each activity counts in proportion to its planned budget; "
    "cancelled activities are left out."
)
# At a quarter's end, a program that spent less than this share of its plan so far is flagged.
UNDERSPEND_RATIO = 0.5


@dataclass
class ActivityState:
    activity: Activity
    realisations: dict[int, Realisation] = field(default_factory=dict)  # month -> realisation

    @property
    def latest(self) -> Realisation | None:
        return self.realisations[max(self.realisations)] if self.realisations else None

    @property
    def status(self) -> str:
        latest = self.latest
        return latest.status if latest else Status.NOT_STARTED

    @property
    def status_label(self) -> str:
        return str(Status(self.status).label)

    @property
    def progress(self) -> int:
        latest = self.latest
        return latest.progress if latest else 0

    @property
    def actual(self) -> int:
        return sum(r.actual_spend for r in self.realisations.values())

    @property
    def beneficiaries(self) -> int:
        return sum(r.beneficiaries_reached or 0 for r in self.realisations.values())


@dataclass
class Snapshot:
    plan: AnnualPlan
    programs: list[Program]
    states: list[ActivityState]
    periods: dict[int, Period]
    today: datetime.date
    through_month: int = 12  # a quarter's report sees the realisations up to its last month

    @property
    def quarter(self) -> int:
        """The period the snapshot is cut at: 1–4, or 0 (Period.YEAR) for the whole year."""
        return Period.YEAR if self.through_month == 12 else quarter_of(self.through_month)

    def states_of(self, program_id: int | None) -> list[ActivityState]:
        return [s for s in self.states if program_id is None or s.activity.program_id == program_id]

    @property
    def months_passed(self) -> int:
        """How many months of the plan's year are over (0–12), at most the months the snapshot sees."""
        if self.today.year < self.plan.year:
            return 0
        if self.today.year > self.plan.year:
            return self.through_month
        return min(self.today.month - 1, self.through_month)


def through_month_of(quarter: int) -> int:
    """The last month a period's figures include: 3, 6, 9, 12 for quarters I–IV, 12 for the year."""
    return 12 if quarter == Period.YEAR else 3 * quarter


def plan_snapshot(
    *,
    plan: AnnualPlan,
    program: Program | None = None,
    today: datetime.date | None = None,
    quarter: int = Period.YEAR,
) -> Snapshot:
    """Four queries: programs, activities, realisations (with their evidence count), periods.

    `quarter` (1–4) cuts the figures at the quarter's end: realisations of later months are left
    out, as in the quarter's report; 0 (the year) sees them all."""
    through = through_month_of(quarter)
    programs = list(
        Program.objects.filter(plan=plan, **({"pk": program.pk} if program else {})).select_related("category")
    )
    activities = Activity.objects.filter(program__in=[p.pk for p in programs]).order_by("program__code", "id")
    states = {a.pk: ActivityState(activity=a) for a in activities}
    realisations = (
        Realisation.objects.filter(activity_id__in=list(states), month__lte=through)
        .select_related("updated_by")
        .annotate(evidence_count=Count("evidence"))
    )
    for realisation in realisations:
        states[realisation.activity_id].realisations[realisation.month] = realisation
    by_pk = {p.pk: p for p in programs}
    for state in states.values():
        state.activity.program = by_pk[state.activity.program_id]  # no query per row
    periods = {p.quarter: p for p in Period.objects.filter(plan=plan).select_related("closed_by")}
    return Snapshot(plan, programs, list(states.values()), periods, today or timezone.localdate(), through)


def planned_per_month(activity: Activity) -> dict[int, int]:
    """The activity's planned budget per month: `Activity.amounts_by_month`, the plan's own rule (the
    split entered, else whole thousands with the remainder in the last month)."""
    months = sorted({int(m) for m in activity.months if 1 <= int(m) <= 12}) or [12]
    return activity.amounts_by_month(months)


# --- Progress ------------------------------------------------------------------------------------


def _weighted_progress(states: list[ActivityState]) -> float:
    counted = [s for s in states if s.status != Status.CANCELLED]
    weight = sum(s.activity.budget for s in counted)
    if not counted:
        return 0.0
    if weight == 0:  # no budgets at all: every activity counts the same
        return sum(s.progress for s in counted) / len(counted)
    return sum(s.progress * s.activity.budget for s in counted) / weight


def program_progress(snapshot: Snapshot) -> dict[int, float]:
    """Per program id: its progress in %, weighted by budget."""
    return {p.pk: _weighted_progress(snapshot.states_of(p.pk)) for p in snapshot.programs}


def plan_progress(snapshot: Snapshot) -> float:
    """The plan's progress in %, weighted by budget over all its activities."""
    return _weighted_progress(snapshot.states)


# --- Money ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurvePoint:
    month: int
    planned: int
    actual: int
    planned_cum: int
    actual_cum: int | None  # None after the last month with a realisation recorded

    @property
    def label(self) -> str:
        return str(MONTHS[self.month])


def s_curve(snapshot: Snapshot, program_id: int | None = None) -> list[CurvePoint]:
    """Cumulative planned against actual spend per month, for the plan or one program."""
    planned: defaultdict[Any, int] = defaultdict(int)
    actual: defaultdict[Any, int] = defaultdict(int)
    last = 0
    for state in snapshot.states_of(program_id):
        for month, amount in planned_per_month(state.activity).items():
            planned[month] += amount
        for month, realisation in state.realisations.items():
            actual[month] += realisation.actual_spend
            last = max(last, month)
    last = max(last, snapshot.months_passed)
    points, planned_cum, actual_cum = [], 0, 0
    for month in range(1, 13):  # the whole year is planned; a quarter's snapshot has no actual after it
        planned_cum += planned[month]
        actual_cum += actual[month]
        points.append(
            CurvePoint(month, planned[month], actual[month], planned_cum, actual_cum if month <= last else None)
        )
    return points


@dataclass(frozen=True)
class AbsorptionRow:
    label: str
    planned: int
    actual: int

    @property
    def percent(self) -> float:
        return 100 * self.actual / self.planned if self.planned else 0.0


def _absorption(snapshot: Snapshot, key: Callable[[ActivityState], str]) -> list[AbsorptionRow]:
    planned: defaultdict[Any, int] = defaultdict(int)
    actual: defaultdict[Any, int] = defaultdict(int)
    for state in snapshot.states:
        planned[key(state)] += state.activity.budget
        actual[key(state)] += state.actual
    return [AbsorptionRow(label, planned[label], actual[label]) for label in planned]


def absorption_total(snapshot: Snapshot) -> AbsorptionRow:
    """Serapan anggaran of the plan: actual spend against the planned budget."""
    return AbsorptionRow(
        str(snapshot.plan), sum(s.activity.budget for s in snapshot.states), sum(s.actual for s in snapshot.states)
    )


def absorption_by_pillar(snapshot: Snapshot) -> list[AbsorptionRow]:
    return _absorption(snapshot, lambda s: s.activity.program.get_pillar_display() or _("(no pillar)"))


def absorption_by_category(snapshot: Snapshot) -> list[AbsorptionRow]:
    return _absorption(snapshot, lambda s: str(s.activity.program.category or _("(no category)")))


def absorption_by_program(snapshot: Snapshot) -> list[AbsorptionRow]:
    return _absorption(snapshot, lambda s: f"{s.activity.program.code} {s.activity.program.name}")


def absorption_by_month(snapshot: Snapshot) -> list[AbsorptionRow]:
    return [AbsorptionRow(p.label, p.planned, p.actual) for p in s_curve(snapshot)]


# --- Flags ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    class Kind:
        LATE = "late"
        OVERSPEND = "overspend"
        UNDERSPEND = "underspend"
        MISSING_EVIDENCE = "missing_evidence"

    kind: str
    program: Program
    activity: Activity | None
    month: int | None
    text: str


def late_activities(snapshot: Snapshot) -> list[Flag]:
    """A planned month has passed and the activity is not done (nor cancelled)."""
    flags = []
    for state in snapshot.states:
        passed = [m for m in planned_per_month(state.activity) if m <= snapshot.months_passed]
        if passed and state.status not in (Status.DONE, Status.CANCELLED):
            flags.append(
                Flag(
                    Flag.Kind.LATE,
                    state.activity.program,
                    state.activity,
                    passed[0],
                    _("Planned from %(month)s, not done (%(progress)s%%).")
                    % {"month": MONTHS[passed[0]], "progress": state.progress},
                )
            )
    return flags


def overspent_activities(snapshot: Snapshot) -> list[Flag]:
    """The activity's actual spend is above its planned budget."""
    return [
        Flag(
            Flag.Kind.OVERSPEND,
            s.activity.program,
            s.activity,
            None,
            _("Spent %(actual)s of %(planned)s.") % {"actual": _rp(s.actual), "planned": _rp(s.activity.budget)},
        )
        for s in snapshot.states
        if s.actual > s.activity.budget
    ]


def underspent_programs(snapshot: Snapshot) -> list[Flag]:
    """At the end of each quarter that is over (or closed), a program that spent less than
    UNDERSPEND_RATIO of what it planned until then."""
    flags = []
    ended = [
        q
        for q in (1, 2, 3, 4)
        if q * 3 <= snapshot.through_month
        and (q * 3 <= snapshot.months_passed or getattr(snapshot.periods.get(q), "is_closed", False))
    ]
    for program in snapshot.programs:
        curve = s_curve(snapshot, program.pk)
        for quarter in ended:
            point = curve[quarter * 3 - 1]
            actual = point.actual_cum or 0
            if point.planned_cum and actual < UNDERSPEND_RATIO * point.planned_cum:
                flags.append(
                    Flag(
                        Flag.Kind.UNDERSPEND,
                        program,
                        None,
                        quarter * 3,
                        _("%(period)s: spent %(actual)s of %(planned)s planned so far.")
                        % {
                            "period": period_label(quarter, snapshot.plan.year),
                            "actual": _rp(actual),
                            "planned": _rp(point.planned_cum),
                        },
                    )
                )
    return flags


def missing_evidence(snapshot: Snapshot) -> list[Flag]:
    """A month marked done, or with money spent, that has no evidence file."""
    return [
        Flag(
            Flag.Kind.MISSING_EVIDENCE,
            s.activity.program,
            s.activity,
            month,
            _("%(month)s: no photo, BAST or receipt.") % {"month": MONTHS[month]},
        )
        for s in snapshot.states
        for month, r in sorted(s.realisations.items())
        if (r.status == Status.DONE or r.actual_spend > 0) and not r.evidence_count  # type: ignore[attr-defined]
    ]


def _rp(amount: int) -> str:
    from core.formatting import format_rupiah

    return format_rupiah(amount)


# --- Periods and single rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    quarter: int
    label: str
    period: Period | None

    @property
    def is_closed(self) -> bool:
        return bool(self.period and self.period.is_closed)


def period_rows(snapshot: Snapshot) -> list[PeriodRow]:
    """The four quarters and the year, closed or open."""
    return [
        PeriodRow(q, period_label(q, snapshot.plan.year), snapshot.periods.get(q)) for q in (1, 2, 3, 4, Period.YEAR)
    ]


def period_history(*, plan: AnnualPlan) -> QuerySet[PeriodEvent]:
    return PeriodEvent.objects.filter(period__plan=plan).select_related("period", "by").order_by("-at", "-id")


def realisation_for(*, activity: Activity, month: int) -> Realisation | None:
    return Realisation.objects.select_related("updated_by").filter(activity=activity, month=month).first()


def evidence_of(*, realisation: Realisation | None) -> QuerySet[Evidence]:
    if realisation is None:
        return Evidence.objects.none()
    return Evidence.objects.filter(realisation=realisation).select_related("uploaded_by")


def approved_plans() -> QuerySet[AnnualPlan]:
    return AnnualPlan.objects.filter(status=AnnualPlan.Status.APPROVED).order_by("-year", "-version")


def quarter_now(snapshot: Snapshot) -> int:
    return quarter_of(min(max(snapshot.months_passed + 1, 1), 12))


def public_program_progress(program_ids: list[int]) -> dict[int, int]:
    """For the public tracking page: each approved program's progress in whole %, weighted by budget.
    Two queries whatever the number of programs."""
    activities = list(
        Activity.objects.filter(program_id__in=program_ids, program__plan__status=AnnualPlan.Status.APPROVED)
    )
    states = {a.pk: ActivityState(activity=a) for a in activities}
    for realisation in Realisation.objects.filter(activity_id__in=list(states)):
        states[realisation.activity_id].realisations[realisation.month] = realisation
    by_program: dict[int, list[ActivityState]] = defaultdict(list)
    for state in states.values():
        by_program[state.activity.program_id].append(state)
    return {pk: round(_weighted_progress(rows)) for pk, rows in by_program.items()}


def evidence_photos(snapshot: Snapshot, *, limit: int) -> list[Evidence]:
    """The snapshot's photos (not BASTs or receipts), newest month first, at most `limit`: one query."""
    return list(
        Evidence.objects.filter(
            realisation__activity__program__in=[p.pk for p in snapshot.programs],
            realisation__month__lte=snapshot.through_month,
            content_type__startswith="image/",
        )
        .select_related("realisation__activity__program")
        .order_by("-realisation__month", "realisation__activity__program__code", "id")[:limit]
    )


@dataclass(frozen=True)
class TableRow:
    program: Program
    activity: Activity
    month: int
    planned: int
    realisation: Realisation | None

    @property
    def actual(self) -> int:
        return self.realisation.actual_spend if self.realisation else 0


def realisation_table(snapshot: Snapshot) -> list[TableRow]:
    """One row per activity and month that was planned or has a realisation: the flat table head
    office and the regional TJSL forum ask for. Its actual column sums to `absorption_total`."""
    rows = []
    for state in snapshot.states:
        planned = planned_per_month(state.activity)
        for month in sorted(set(planned) | set(state.realisations)):
            rows.append(
                TableRow(
                    state.activity.program, state.activity, month, planned.get(month, 0), state.realisations.get(month)
                )
            )
    return rows


# --- Indicators --------------------------------------------------------------------------------------

INDICATOR_RULE = gettext_lazy(
    "Each quarter's value is what was reached so far in the year; the year's actual is the latest quarter's."
)


@dataclass
class IndicatorRow:
    indicator: Indicator
    actuals: dict[int, Decimal] = field(default_factory=dict)  # quarter -> value reached so far

    @property
    def latest(self) -> Decimal | None:
        return self.actuals[max(self.actuals)] if self.actuals else None

    @property
    def achievement(self) -> float | None:
        """The latest value against the target, in %."""
        target = self.indicator.target
        return float(100 * self.latest / target) if self.latest is not None and target else None


def indicator_rows(*, program_ids: list[int], through_quarter: int = 4) -> list[IndicatorRow]:
    """The program indicators with their quarterly actuals up to `through_quarter`: two queries."""
    rows = {
        i.pk: IndicatorRow(i)
        for i in Indicator.objects.filter(program_id__in=program_ids)
        .select_related("program")
        .order_by("program__code", "id")
    }
    for actual in IndicatorActual.objects.filter(indicator_id__in=list(rows), quarter__lte=through_quarter):
        rows[actual.indicator_id].actuals[actual.quarter] = actual.value
    return list(rows.values())


@dataclass
class GoalIndicatorRow:
    goal_indicator: GoalIndicator
    target: Decimal | None
    actual: Decimal | None
    contributors: list[IndicatorRow]  # the linked program indicators of the year's approved plan

    @property
    def rolled_up(self) -> bool:
        return bool(self.contributors)

    @property
    def achievement(self) -> float | None:
        return float(100 * self.actual / self.target) if self.actual is not None and self.target else None


def renstra_indicator_rows(*, strategic_plan_id: int, year: int) -> list[GoalIndicatorRow]:
    """The Renstra's indicators in one year: target from the Renstra, actual rolled up (summed) from
    the linked program indicators of the year's approved plan, or entered by hand where none is linked.
    Five queries whatever the number of indicators."""
    goal_indicators = list(
        GoalIndicator.objects.filter(goal__strategic_plan_id=strategic_plan_id)
        .select_related("goal")
        .order_by("goal__code", "id")
    )
    linked_ids = list(
        Indicator.objects.filter(
            goal_indicator__in=goal_indicators,
            program__plan__year=year,
            program__plan__status=AnnualPlan.Status.APPROVED,
        ).values_list("program_id", flat=True)
    )
    contributors: defaultdict[int, list[IndicatorRow]] = defaultdict(list)
    for row in indicator_rows(program_ids=linked_ids):
        if row.indicator.goal_indicator_id in {g.pk for g in goal_indicators}:
            contributors[row.indicator.goal_indicator_id].append(row)
    entered = {
        a.goal_indicator_id: a.value
        for a in GoalIndicatorActual.objects.filter(goal_indicator__in=goal_indicators, year=year)
    }
    rows = []
    for goal_indicator in goal_indicators:
        linked = contributors.get(goal_indicator.pk, [])
        values = [r.latest for r in linked if r.latest is not None]
        actual = (sum(values, Decimal(0)) if values else None) if linked else entered.get(goal_indicator.pk)
        rows.append(GoalIndicatorRow(goal_indicator, _target_of(goal_indicator, year), actual, linked))
    return rows


def _target_of(goal_indicator: GoalIndicator, year: int) -> Decimal | None:
    raw = (goal_indicator.yearly_targets or {}).get(str(year))
    try:
        return Decimal(str(raw)) if raw not in (None, "") else None
    except ArithmeticError:
        return None


# --- For the dashboard ---------------------------------------------------------------------------------


def dashboard_plan(*, year: int) -> AnnualPlan | None:
    """The plan monitored now: the approved plan of this year, else the latest approved one before (one query)."""
    return approved_plans().filter(year__lte=year).first()


def quarter_absorption(snapshot: Snapshot, quarter: int) -> AbsorptionRow:
    """Serapan of one quarter: what was spent in its months against what was planned for them."""
    months = [p for p in s_curve(snapshot) if quarter_of(p.month) == quarter]
    return AbsorptionRow(
        period_label(quarter, snapshot.plan.year), sum(p.planned for p in months), sum(p.actual for p in months)
    )


def open_period(snapshot: Snapshot) -> PeriodRow | None:
    """The period being recorded: the first quarter that is not closed (None once the year is closed)."""
    if getattr(snapshot.periods.get(Period.YEAR), "is_closed", False):
        return None
    return next((row for row in period_rows(snapshot)[:4] if not row.is_closed), None)


@dataclass(frozen=True)
class DueEntry:
    activity: Activity
    month: int
    overdue: bool  # the month is over

    @property
    def month_name(self) -> str:
        return str(MONTHS[self.month])


def due_entries(snapshot: Snapshot) -> list[DueEntry]:
    """What an officer has to record: each planned activity-month up to the current one without a
    realisation (months already over first), leaving out closed periods, done and cancelled activities."""
    current = min(snapshot.months_passed + 1, snapshot.through_month)
    closed = {q for q, p in snapshot.periods.items() if p.is_closed}
    if Period.YEAR in closed:
        return []
    entries = [
        DueEntry(state.activity, month, month <= snapshot.months_passed)
        for state in snapshot.states
        if state.status not in (Status.DONE, Status.CANCELLED)
        for month in planned_per_month(state.activity)
        if month <= current and month not in state.realisations and quarter_of(month) not in closed
    ]
    return sorted(entries, key=lambda e: (e.month, e.activity.program.code, e.activity.pk))


# --- Public pages: "you said, we did" per FGD and the approved plan (no personal data) ---------------


def _progress_when_executing(programs: list[Program], today: datetime.date) -> dict[int, int]:
    """`public_program_progress` for the programs whose plan year has begun; a later year has none yet."""
    return public_program_progress([p.pk for p in programs if p.plan.year <= today.year])


@dataclass(frozen=True)
class OutcomeProgram:
    code: str
    name: str
    progress: int | None  # whole %, None before the plan's year


@dataclass(frozen=True)
class OutcomeRow:
    """One aspiration raised at the FGD and what became of it: never a name or contact data."""

    code: str
    title: str
    category: str
    place: str
    status: Aspiration.Status  # what became of it: a merged aspiration's is its main's
    status_label: str
    merged_into: str
    reason: str  # a declined one's public reason
    programs: list[OutcomeProgram]


@dataclass(frozen=True)
class OutcomeSummary:
    """A funnel: each figure counts the aspirations that got at least this far."""

    raised: int
    accepted: int
    planned: int
    in_progress: int
    done: int


@dataclass(frozen=True)
class SessionOutcomes:
    session: Any
    rows: list[OutcomeRow]
    summary: OutcomeSummary


def session_outcomes(*, session, today: datetime.date | None = None) -> SessionOutcomes:
    """ "You said, we did": the public page and its PDF read this one function (seven queries).

    Lives here rather than in `fgd` because it shows monitoring's progress of the programs."""
    AspirationStatus = Aspiration.Status
    today = today or timezone.localdate()
    aspirations = session_aspirations_public(session=session)
    outcomes = [a.merged_into if a.merged_into_id and a.status == AspirationStatus.MERGED else a for a in aspirations]
    programs = {p.pk: p for o in outcomes for p in o.planning}  # type: ignore[union-attr]
    progress = _progress_when_executing(list(programs.values()), today)
    rows = [
        OutcomeRow(
            code=a.tracking_code,
            title=a.title,
            category=str(a.category or ""),
            place=a.region.label if a.region else "",
            status=AspirationStatus(o.status),  # type: ignore[union-attr]
            status_label=o.get_status_display(),  # type: ignore[union-attr]
            merged_into=o.tracking_code if o is not a else "",  # type: ignore[union-attr]
            reason=o.public_reason,  # type: ignore[union-attr]
            programs=[OutcomeProgram(p.code, p.name, progress.get(p.pk)) for p in o.planning],  # type: ignore[union-attr]
        )
        for a, o in zip(aspirations, outcomes, strict=True)
    ]
    taken_up = {AspirationStatus.ACCEPTED, *PUBLICLY_PLANNED}
    summary = OutcomeSummary(
        raised=len(rows),
        accepted=sum(1 for r in rows if r.status in taken_up),
        planned=sum(1 for r in rows if r.status in PUBLICLY_PLANNED),
        in_progress=sum(1 for r in rows if r.status == AspirationStatus.IN_PROGRESS),
        done=sum(1 for r in rows if r.status == AspirationStatus.DONE),
    )
    return SessionOutcomes(session=session, rows=rows, summary=summary)


@dataclass(frozen=True)
class PublicProgram:
    code: str
    name: str
    pillar: str
    category: str
    budget: int
    sdgs: list[Any]
    places: list[str]
    progress: int | None  # whole %, None before the plan's year
    answered: int  # how many aspirations it answers: `programs.selectors.answered_count_expression`


@dataclass(frozen=True)
class PlaceGroup:
    """The programs in one kecamatan (or a wider area for programs not tied to one)."""

    label: str
    programs: list[PublicProgram]


@dataclass(frozen=True)
class PublicPlan:
    plan: AnnualPlan
    groups: list[PlaceGroup]
    program_count: int
    total_budget: int
    executing: bool


def _area(region) -> Any:
    """A kelurahan is grouped under its kecamatan; a kecamatan or a wider area stands for itself."""
    return region.parent if region.level == Region.Level.SUBDISTRICT and region.parent_id else region


def public_plan(*, today: datetime.date | None = None) -> PublicPlan | None:
    """The approved plan people see: this year's, else the latest before (its newest approved version),
    programs grouped by kecamatan (five queries). None before any plan is approved."""
    today = today or timezone.localdate()
    plan = dashboard_plan(year=today.year)
    if plan is None:
        return None
    programs = list(public_plan_programs(plan=plan))
    for program in programs:
        program.plan = plan  # no query per row
    executing = plan.year <= today.year
    progress = _progress_when_executing(programs, today)
    areas: dict[Any, list[PublicProgram]] = defaultdict(list)
    for program in programs:
        regions = list(program.regions.all())
        by_area: dict[Any, list[str]] = defaultdict(list)
        for region in regions:
            by_area[_area(region)].append(region.label)
        for area, places in (by_area or {None: []}).items():
            areas[area].append(
                PublicProgram(
                    code=program.code,
                    name=program.name,
                    pillar=program.get_pillar_display(),
                    category=str(program.category or ""),
                    budget=program.budget,  # type: ignore[attr-defined]
                    sdgs=list(program.sdgs.all()),
                    places=places,
                    progress=progress.get(program.pk) if executing else None,
                    answered=program.answered,  # type: ignore[attr-defined]
                )
            )
    ordered = sorted(areas.items(), key=lambda item: (item[0] is None, item[0].label if item[0] else ""))
    groups = [PlaceGroup(area.label if area else _("Not tied to one place"), rows) for area, rows in ordered]
    return PublicPlan(
        plan=plan,
        groups=groups,
        program_count=len(programs),
        total_budget=sum(p.budget for p in programs),  # type: ignore[attr-defined]
        executing=executing,
    )
