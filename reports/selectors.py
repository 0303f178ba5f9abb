"""Reads of the reports app: the job list, and the data each document is built from.

The documents are read in a fixed, small number of queries (prefetches) and summed up in
Python in one pass, so a plan of 60 programs costs the same handful of queries as one of 6.
The programs app did not offer plan totals/schedule/coverage selectors when this was written,
so the sums live here.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from fgd.models import Aspiration, FgdSession, Invitation
from programs.models import Activity, AnnualPlan, Program, ProgramPartner, StrategicGoal
from stakeholders.models import Stakeholder

from .models import ReportJob

MONTHS = range(1, 13)


def report_job_list(*, kind: str = "", status: str = "") -> QuerySet[ReportJob]:
    """Jobs with everything the list shows, in a constant number of queries."""
    jobs = ReportJob.objects.select_related("requested_by", "plan", "fgd_session", "reused_from")
    if kind:
        jobs = jobs.filter(kind=kind)
    if status:
        jobs = jobs.filter(status=status)
    return jobs


def report_job_get(*, job_id: int) -> ReportJob:
    return ReportJob.objects.select_related("requested_by", "plan", "fgd_session", "reused_from").get(pk=job_id)


# --- The annual plan -------------------------------------------------------------------


@dataclass
class Share:
    """One line of a breakdown: a label, how many programs, how much budget."""

    label: str
    programs: int = 0
    budget: int = 0
    percent: float = 0.0


@dataclass
class ProgramData:
    program: Program
    budget: int
    months: list[int]
    activities: list[Activity]
    regions: list
    sdgs: list
    partners: list
    indicators: list
    aspirations: list[Aspiration]


@dataclass
class PlanData:
    plan: AnnualPlan
    programs: list[ProgramData]
    total_budget: int
    by_pillar: list[Share]
    by_category: list[Share]
    by_sdg: list[Share]
    by_region: list[Share]
    by_cost_category: list[Share]
    monthly_budget: list[int]
    goals: list[dict]
    unaligned_programs: list[Program]
    quadrants: list[dict]
    attitudes: list[dict]
    fgd_sessions: list[dict]
    unplanned_aspirations: list[Aspiration]
    traced_count: int = 0
    beneficiaries: int = 0
    status_changes: list = field(default_factory=list)

    @property
    def ceiling_percent(self) -> float:
        ceiling = self.plan.budget_ceiling
        return round(100 * self.total_budget / ceiling, 1) if ceiling else 0.0

    @property
    def remaining(self) -> int:
        return self.plan.budget_ceiling - self.total_budget


def _shares(totals: dict[str, list[int]], grand_total: int) -> list[Share]:
    shares = [
        Share(label=str(label), programs=count, budget=budget, percent=_percent(budget, grand_total))
        for label, (count, budget) in totals.items()
    ]
    return sorted(shares, key=lambda s: (-s.budget, s.label))


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _programs_of(plan: AnnualPlan) -> list[Program]:
    return list(
        Program.objects.filter(plan=plan)
        .select_related("category", "strategic_goal", "person_in_charge")
        .prefetch_related(
            "sdgs",
            "regions",
            "indicators",
            Prefetch("activities", queryset=Activity.objects.order_by("id")),
            Prefetch(
                "partners",
                queryset=ProgramPartner.objects.select_related("organization", "stakeholder__organization"),
            ),
            Prefetch(
                "aspirations",
                queryset=Aspiration.objects.order_by("tracking_code").only(
                    "id", "tracking_code", "title", "status", "source"
                ),
            ),
        )
        .order_by("code")
    )


def plan_document_data(*, plan: AnnualPlan) -> PlanData:
    """Everything the annual plan PDF shows, summed in one pass over the prefetched programs."""
    programs = _programs_of(plan)
    pillar_labels = dict(Program._meta.get_field("pillar").choices)
    cost_labels = dict(Activity.CostCategory.choices)
    by_pillar: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_category: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_sdg: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_region: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_cost: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    monthly = [0] * 12
    rows: list[ProgramData] = []
    traced: set[int] = set()
    beneficiaries = 0
    for program in programs:
        activities = list(program.activities.all())
        budget = sum(a.budget for a in activities)
        months = sorted({m for a in activities for m in a.months if m in MONTHS}) or list(
            range(program.start_month, program.end_month + 1)
        )
        for activity in activities:
            active = [m for m in activity.months if m in MONTHS] or months
            # Spread an activity's budget evenly over its months; the remainder goes to the first.
            share, rest = divmod(activity.budget, len(active))
            for i, month in enumerate(active):
                monthly[month - 1] += share + (rest if i == 0 else 0)
            cost = by_cost[cost_labels.get(activity.cost_category, activity.cost_category)]
            cost[0] += 1
            cost[1] += activity.budget
        sdgs = list(program.sdgs.all())
        regions = list(program.regions.all())
        aspirations = list(program.aspirations.all())
        traced.update(a.id for a in aspirations)
        beneficiaries += program.beneficiaries_count or 0
        _add(by_pillar, str(pillar_labels.get(program.pillar, "")) or "–", budget)
        _add(by_category, str(program.category) if program.category else "–", budget)
        for sdg in sdgs or [None]:
            _add(by_sdg, f"TPB {sdg.number}" if sdg else "–", budget)
        for region in regions or [None]:
            _add(by_region, region.name if region else "–", budget)
        rows.append(
            ProgramData(
                program=program,
                budget=budget,
                months=months,
                activities=activities,
                regions=regions,
                sdgs=sdgs,
                partners=list(program.partners.all()),
                indicators=list(program.indicators.all()),
                aspirations=aspirations,
            )
        )
    total = sum(r.budget for r in rows)
    goals, unaligned = _goal_alignment(plan, rows)
    return PlanData(
        plan=plan,
        programs=rows,
        total_budget=total,
        by_pillar=_shares(by_pillar, total),
        by_category=_shares(by_category, total),
        by_sdg=sorted(_shares(by_sdg, total), key=lambda s: _sdg_order(s.label)),
        by_region=_shares(by_region, total),
        by_cost_category=_shares(by_cost, total),
        monthly_budget=monthly,
        goals=goals,
        unaligned_programs=unaligned,
        quadrants=_quadrant_counts(),
        attitudes=_attitude_counts(),
        fgd_sessions=_fgd_sessions_for(plan),
        unplanned_aspirations=list(
            Aspiration.objects.filter(status=Aspiration.Status.ACCEPTED)
            .exclude(programs__plan=plan)
            .select_related("region", "category")
            .order_by("tracking_code")
        ),
        traced_count=len(traced),
        beneficiaries=beneficiaries,
        status_changes=list(plan.status_changes.select_related("changed_by")),
    )


def _add(totals: dict[str, list[int]], label: str, budget: int) -> None:
    totals[label][0] += 1
    totals[label][1] += budget


def _sdg_order(label: str) -> int:
    digits = "".join(ch for ch in label if ch.isdigit())
    return int(digits) if digits else 99


def _goal_alignment(plan: AnnualPlan, rows: list[ProgramData]) -> tuple[list[dict], list[Program]]:
    by_goal: dict[int, list[ProgramData]] = defaultdict(list)
    unaligned = []
    for row in rows:
        if row.program.strategic_goal_id:
            by_goal[row.program.strategic_goal_id].append(row)
        else:
            unaligned.append(row.program)
    goals = []
    for goal in StrategicGoal.objects.filter(strategic_plan_id=plan.strategic_plan_id).prefetch_related("indicators"):
        aligned = by_goal.get(goal.id, [])
        goals.append(
            {
                "goal": goal,
                "indicators": [
                    {"indicator": i, "target": i.yearly_targets.get(str(plan.year))} for i in goal.indicators.all()
                ],
                "programs": [r.program for r in aligned],
                "budget": sum(r.budget for r in aligned),
            }
        )
    return goals, unaligned


def _quadrant_counts() -> list[dict]:
    counts = Counter(
        dict(
            Stakeholder.objects.filter(is_active=True, erased_at__isnull=True)
            .values_list("quadrant")
            .annotate(n=Count("id"))
            .values_list("quadrant", "n")
        )
    )
    return [
        {"quadrant": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Stakeholder.Quadrant.choices
    ]


def _attitude_counts() -> list[dict]:
    counts = dict(
        Stakeholder.objects.filter(is_active=True, erased_at__isnull=True)
        .values_list("attitude")
        .annotate(n=Count("id"))
        .values_list("attitude", "n")
    )
    return [{"label": label, "count": counts.get(value, 0)} for value, label in Stakeholder.Attitude.choices]


def _fgd_sessions_for(plan: AnnualPlan) -> list[dict]:
    """FGDs held for this plan: in its year or the year before (plans are prepared a year ahead),
    plus any session whose aspirations the plan took up."""
    attended = [Invitation.Attendance.PRESENT, Invitation.Attendance.REPRESENTED]
    sessions = (
        FgdSession.objects.exclude(status=FgdSession.Status.PLANNED)
        .filter(
            Q(starts_at__year__in=[plan.year - 1, plan.year]) | Q(aspirations__programs__plan=plan),
        )
        .distinct()
        .select_related("region")
        .annotate(
            invited=Count("invitations", filter=Q(invitations__is_walk_in=False), distinct=True),
            attended=Count("invitations", filter=Q(invitations__attendance__in=attended), distinct=True),
            raised=Count("aspirations", distinct=True),
        )
        .order_by("starts_at")
    )
    return [{"session": s, "invited": s.invited, "attended": s.attended, "aspirations": s.raised} for s in sessions]


# --- FGD minutes ------------------------------------------------------------------------


@dataclass
class MinutesData:
    session: FgdSession
    attendees: list[Invitation]
    attendance_recorded: bool
    invited_count: int
    attended_count: int
    agenda: list[str]
    discussion_points: list[str]
    agreements: list[str]
    aspirations: list[Aspiration]


def _lines(text: str) -> list[str]:
    """Numbered items from text typed one per line (leading "1." or "-" removed)."""
    items = []
    for line in (text or "").splitlines():
        cleaned = line.strip().lstrip("-•*").strip()
        head, _sep, tail = cleaned.partition(". ")
        if head.isdigit() and tail:
            cleaned = tail.strip()
        if cleaned:
            items.append(cleaned)
    return items


def fgd_minutes_data(*, session: FgdSession) -> MinutesData:
    invitations = list(
        session.invitations.select_related("stakeholder__organization").order_by("stakeholder__name", "id")
    )
    recorded = any(i.attendance != Invitation.Attendance.UNKNOWN for i in invitations)
    if recorded:
        attendees = [i for i in invitations if i.attended]
    else:
        # Not held yet: print the invited (minus those who declined) to sign on the day.
        attendees = [i for i in invitations if i.response != Invitation.Response.DECLINED]
    return MinutesData(
        session=session,
        attendees=attendees,
        attendance_recorded=recorded,
        invited_count=sum(1 for i in invitations if not i.is_walk_in),
        attended_count=sum(1 for i in invitations if i.attended),
        agenda=_lines(session.agenda),
        discussion_points=_lines(session.discussion_points),
        agreements=_lines(session.agreements),
        aspirations=list(
            session.aspirations.select_related("category", "region", "stakeholder", "organization").order_by(
                "tracking_code"
            )
        ),
    )
