"""Reads of the reports app: the job list, and the data each document is built from.

The documents are read in a fixed, small number of queries (prefetches) and summed up in
Python in one pass, so a plan of 60 programs costs the same handful of queries as one of 6.
Plan totals, schedule and unplanned aspirations come from `programs.selectors`.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.safestring import mark_safe

from fgd.models import Aspiration, FgdSession, Invitation
from fgd.selectors.sessions import SessionFigures, figures_of, minutes_items, with_figures
from programs.models import Activity, AnnualPlan, Program, StrategicGoal
from programs.selectors import (
    PlanTotals,
    beneficiaries_by_unit,
    plan_programs,
    plan_schedule,
    plan_status_history,
    plan_totals,
    plan_unanswered_aspirations,
)
from stakeholders.mapping import legend, quadrant_counts_of, quadrant_rows, stakeholder_map_svg
from stakeholders.models import Stakeholder
from stakeholders.selectors import key_stakeholders, stakeholder_map_cells

from .models import ReportJob

MONTHS = range(1, 13)

# The appendix lists at most this many unplanned aspirations (the rest are counted): a backlog of
# thousands would make the document slow to render and no easier to read.
UNPLANNED_LISTED = 300


def report_job_list(*, kind: str = "", status: str = "") -> QuerySet[ReportJob]:
    """Jobs with everything the list shows, in a constant number of queries (the list shows only
    whether a job reused another, `reused_from_id`, so that job is not joined)."""
    jobs = ReportJob.objects.select_related("requested_by", "plan", "fgd_session")
    if kind:
        jobs = jobs.filter(kind=kind)
    if status:
        jobs = jobs.filter(status=status)
    return jobs


def report_job_get(*, job_id: int) -> ReportJob:
    return ReportJob.objects.select_related("requested_by", "plan", "fgd_session", "reused_from").get(pk=job_id)


def report_targets(*, limit: int = 50) -> dict[str, Any]:
    """What the "new report" form offers: recent plan versions and FGD sessions (at most 2 queries).

    The sessions are a lazy queryset: the reports page caches their options by reference
    version (FGD sessions are reference data), so the query runs only when they are rendered.
    """
    return {
        "plans": list(AnnualPlan.objects.select_related("strategic_plan").order_by("-year", "-version")[:limit]),
        "sessions": FgdSession.objects.order_by("-starts_at")[:limit],
    }


# --- The annual plan -------------------------------------------------------------------


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
    totals: PlanTotals
    monthly_budget: list[int]
    goals: list[dict]
    unaligned_programs: list[Program]
    quadrants: list[dict]
    attitudes: list[dict]
    fgd_sessions: list[dict]
    unplanned_aspirations: list[Aspiration]
    unplanned_count: int
    traced_count: int = 0
    beneficiaries: list = field(default_factory=list)  # BeneficiaryTotal per unit
    status_changes: list = field(default_factory=list)
    stakeholder_map: str = ""
    key_people: list = field(default_factory=list)
    map_legend: list = field(default_factory=list)

    @property
    def total_budget(self) -> int:
        return self.totals.total


def plan_document_data(*, plan: AnnualPlan) -> PlanData:
    """Everything the annual plan PDF shows. Totals, schedule and the unplanned aspirations come
    from the programs app's selectors; the budget per month and the PDF's groupings are summed here
    in one pass over the prefetched programs."""
    programs = list(plan_programs(plan=plan))
    schedule = plan_schedule(plan=plan, programs=programs)
    monthly = [0] * 12
    rows: list[ProgramData] = []
    traced: set[int] = set()
    for program, schedule_rows in schedule.programs:
        months: set[int] = set()
        for row in schedule_rows:
            active = row.month_numbers or list(range(program.start_month, program.end_month + 1))
            months.update(active)
            for month, amount in row.activity.amounts_by_month(active).items():
                monthly[month - 1] += amount
        aspirations = sorted(program.aspirations.all(), key=lambda a: a.tracking_code)
        traced.update(a.id for a in aspirations)
        rows.append(
            ProgramData(
                program=program,
                budget=program.budget,  # type: ignore[attr-defined]
                months=sorted(months) or list(range(program.start_month, program.end_month + 1)),
                activities=[row.activity for row in schedule_rows],
                regions=list(program.regions.all()),
                sdgs=list(program.sdgs.all()),
                partners=list(program.partners.all()),
                indicators=list(program.indicators.all()),
                aspirations=aspirations,
            )
        )
    goals, unaligned = _goal_alignment(plan, rows)
    unplanned = plan_unanswered_aspirations(plan=plan)
    quadrants, attitudes, map_svg = _stakeholder_summary()
    return PlanData(
        plan=plan,
        programs=rows,
        totals=plan_totals(plan=plan),
        monthly_budget=monthly,
        goals=goals,
        unaligned_programs=unaligned,
        quadrants=quadrants,
        attitudes=attitudes,
        stakeholder_map=mark_safe(map_svg),  # built by stakeholder_map_svg, which escapes every label
        key_people=key_stakeholders(),
        map_legend=legend(),
        fgd_sessions=_fgd_sessions_for(plan),
        unplanned_aspirations=list(unplanned.order_by("tracking_code")[:UNPLANNED_LISTED]),
        unplanned_count=unplanned.count(),
        traced_count=len(traced),
        beneficiaries=beneficiaries_by_unit(programs=[r.program for r in rows]),
        status_changes=list(plan_status_history(plan=plan)),
    )


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


def _stakeholder_summary() -> tuple[list[dict], list[dict], str]:
    """Quadrant and attitude counts of the active stakeholders, and the map drawn by the stakeholders app."""
    cells = stakeholder_map_cells()
    quadrants = quadrant_counts_of(cells)
    attitudes = sum((cell.by_attitude for cell in cells), Counter())
    return (
        [{"quadrant": v, "label": label, "count": n} for v, label, n in quadrant_rows(quadrants)],
        [{"label": label, "count": attitudes.get(v, 0)} for v, label in Stakeholder.Attitude.choices],
        stakeholder_map_svg(cells),
    )


def _fgd_sessions_for(plan: AnnualPlan) -> list[dict]:
    """FGDs held for this plan: in its year or the year before (plans are prepared a year ahead),
    plus any session whose aspirations the plan took up."""
    sessions = with_figures(
        FgdSession.objects.exclude(status=FgdSession.Status.PLANNED)
        .filter(
            Q(starts_at__year__in=[plan.year - 1, plan.year]) | Q(aspirations__programs__plan=plan),
        )
        .distinct()
        .select_related("region")
    ).order_by("starts_at")
    return [{"session": s, "figures": figures_of(s)} for s in sessions]


# --- FGD minutes ------------------------------------------------------------------------


@dataclass
class MinutesData:
    session: FgdSession
    attendees: list[Invitation]
    attendance_recorded: bool
    figures: SessionFigures
    agenda: list[str]
    discussion_points: list[str]
    agreements: list[str]
    aspirations: list[Aspiration]


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
        figures=figures_of(session),
        agenda=minutes_items(session.agenda),
        discussion_points=minutes_items(session.discussion_points),
        agreements=minutes_items(session.agreements),
        aspirations=list(
            session.aspirations.select_related("category", "region", "stakeholder", "organization").order_by(
                "tracking_code"
            )
        ),
    )
