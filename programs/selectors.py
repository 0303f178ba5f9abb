"""Reads of plans and programs: totals, schedule, coverage, checks, differences between versions.

These functions are also the data source of the plan PDF (reports app), so their return shapes are
part of the contract: each docstring says what it returns. Money is always whole rupiah as `int`,
summed by the database (a program's budget is the sum of its activities and is never stored).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from core.choices import Pillar, Ring
from core.fragments import FRAGMENT_SECONDS
from core.i18n import is_english
from core.queries import CountedRows
from fgd.models import Aspiration, AspirationCategory
from stakeholders.models import Region

from .models import Activity, AnnualPlan, PlanStatusChange, Program, ProgramPartner, Sdg

MONTHS = range(1, 13)


def _percent(part: int, whole: int) -> float:
    """Display share, 0–100 with one decimal (never used for money)."""
    return round(part * 100 / whole, 1) if whole else 0.0


def _program_budget_subquery():
    return Coalesce(
        Subquery(
            Activity.objects.filter(program=OuterRef("pk"))
            .values("program")
            .annotate(total=Sum("budget"))
            .values("total"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def answered_count_expression() -> Coalesce:
    """How many aspirations a program answers: its links, whatever their status. The one figure of
    the traceability page, the plan page's program table and the public plan page."""
    links = Program.objects.filter(pk=OuterRef("pk")).order_by().annotate(n=Count("aspirations")).values("n")
    return Coalesce(Subquery(links, output_field=IntegerField()), Value(0))


# ---------------------------------------------------------------------------------------------- lists


def plan_list() -> QuerySet[AnnualPlan]:
    """All plan versions, newest first (year, then version, descending).

    Each plan has `total_budget` (int, sum of all activities) and `program_count` (int) annotated,
    and its `strategic_plan`, `approved_by` and `created_by` selected.
    """
    total = Subquery(
        Activity.objects.filter(program__plan=OuterRef("pk"))
        .values("program__plan")
        .annotate(total=Sum("budget"))
        .values("total"),
        output_field=IntegerField(),
    )
    # A subquery, not Count("programs"): the join multiplied each plan by its programs and
    # PostgreSQL ran the budget subquery once per program (180 times, 125 ms; issue 15).
    programs = Subquery(
        Program.objects.filter(plan=OuterRef("pk")).values("plan").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )
    return (
        AnnualPlan.objects.select_related("strategic_plan", "approved_by", "created_by", "revised_from")
        .annotate(total_budget=Coalesce(total, Value(0)), program_count=Coalesce(programs, Value(0)))
        .order_by("-year", "-version")
    )


def plan_programs(*, plan: AnnualPlan, aspiration_rows: bool = True) -> QuerySet[Program]:
    """The programs of a plan, ordered by code, ready to show without further queries.

    Each program has `budget` (int: sum of its activities, 0 without any) and `answered` (int, see
    `answered_count_expression`) annotated; `category`,
    `strategic_goal`, `person_in_charge` selected; `sdgs`, `regions` (with `parent`), `partners`
    (with `organization`, `stakeholder`), `indicators`, `activities`, `aspirations` (with `region`,
    `category`) prefetched. With `aspiration_rows=False` the aspirations are not loaded: the plan
    page shows only `answered`, and 3 rows each per link cost it a tenth of its time.
    """
    aspirations: list = [Prefetch("aspirations", queryset=Aspiration.objects.select_related("region", "category"))]
    return (
        Program.objects.filter(plan=plan)
        .select_related("category", "strategic_goal", "person_in_charge")
        .annotate(budget=_program_budget_subquery(), answered=answered_count_expression())
        .prefetch_related(
            "sdgs",
            Prefetch("regions", queryset=Region.objects.select_related("parent")),
            Prefetch(
                "partners",
                queryset=ProgramPartner.objects.select_related("organization", "stakeholder").order_by("role", "id"),
            ),
            "indicators",
            "activities",
            *(aspirations if aspiration_rows else []),
        )
        .order_by("code")
    )


def plan_traceability_programs(*, plan: AnnualPlan) -> QuerySet[Program]:
    """The programs of the traceability page's section, ordered by code: `budget` and `answered`
    annotated as in `plan_programs`, their aspirations (with `region`) prefetched, and nothing else.

    `plan_programs` also loads the SDGs, regions, partners, indicators and every activity the plan
    page shows: on a request whose section cache missed (after any write to the plan data) those
    prefetches were 146k of the page's 315k calls, for a section that shows none of them (issue 15).
    """
    return (
        Program.objects.filter(plan=plan)
        .annotate(budget=_program_budget_subquery(), answered=answered_count_expression())
        .prefetch_related(Prefetch("aspirations", queryset=Aspiration.objects.select_related("region")))
        .order_by("code")
    )


def plan_program_choices(*, plan: AnnualPlan) -> QuerySet[Program]:
    """The plan's programs to choose from (code and name only), ordered by code."""
    return Program.objects.filter(plan=plan).only("pk", "code", "name").order_by("code")


def public_plan_programs(*, plan: AnnualPlan) -> QuerySet[Program]:
    """What the public plan page may show of a plan's programs (no person in charge, no partners),
    ordered by code: `budget` and `answered` annotated as in `plan_programs`, `category` selected,
    `sdgs` and `regions` (with `parent` and its `parent`: a kelurahan's kecamatan is named with its
    city) prefetched."""
    return (
        Program.objects.filter(plan=plan)
        .select_related("category")
        .annotate(budget=_program_budget_subquery(), answered=answered_count_expression())
        .prefetch_related("sdgs", Prefetch("regions", queryset=Region.objects.select_related("parent__parent")))
        .order_by("code")
    )


def program_detail(*, pk: int) -> Program:
    """One program as in `plan_programs` (raises Program.DoesNotExist), with its plan selected."""
    program = Program.objects.select_related("plan").get(pk=pk)
    return plan_programs(plan=program.plan).select_related("plan").get(pk=pk)


# --------------------------------------------------------------------------------------------- totals


@dataclass(frozen=True)
class TotalRow:
    """One line of a breakdown: `key` (pillar value, category id, SDG number, region id; None for
    "not set"), `label` (translated), `programs` (int), `budget` (int rupiah), `percent` (float share
    of the plan total, for display)."""

    key: object
    label: str
    programs: int
    budget: int
    percent: float


@dataclass(frozen=True)
class PlanTotals:
    """`total`, `ceiling`, `remaining` (ceiling − total, negative when over), `over_by` (property:
    total − ceiling, 0 when within), `program_count`, `activity_count` (ints), `over_ceiling` (bool),
    `ceiling_percent` (float), and breakdowns as lists of `TotalRow`: `by_pillar` (all four pillars,
    in order, even when empty), `by_category`,
    `by_sdg` and `by_region` (a program with two SDGs or regions counts in both, so those rows can add
    up to more than the total), `by_cost_category`."""

    total: int
    ceiling: int
    remaining: int
    over_ceiling: bool
    ceiling_percent: float
    program_count: int
    activity_count: int
    by_pillar: list[TotalRow]
    by_category: list[TotalRow]
    by_sdg: list[TotalRow]
    by_region: list[TotalRow]
    by_cost_category: list[TotalRow]

    @property
    def over_by(self) -> int:
        """How far the total exceeds the ceiling (0 when within)."""
        return max(self.total - self.ceiling, 0)


def plan_total(*, plan: AnnualPlan) -> int:
    """The plan's budget: the exact sum of all its activities (int rupiah)."""
    result = Activity.objects.filter(program__plan=plan).aggregate(total=Coalesce(Sum("budget"), Value(0)))
    return int(result["total"])


def plan_totals(*, plan: AnnualPlan) -> PlanTotals:
    """Totals of a plan by pillar, category, SDG, region and cost category (7 queries)."""
    activities = Activity.objects.filter(program__plan=plan).aggregate(
        total=Coalesce(Sum("budget"), Value(0)), count=Count("id")
    )
    total = int(activities["total"])
    programs = Program.objects.filter(plan=plan)
    budget = Coalesce(Sum("activities__budget"), Value(0))
    count = Count("id", distinct=True)

    pillar_rows = {r["pillar"]: r for r in programs.values("pillar").annotate(n=count, budget=budget).order_by()}
    by_pillar = [
        TotalRow(p.value, str(p.label), _n(pillar_rows, p.value), _b(pillar_rows, p.value), 0.0) for p in Pillar
    ]
    if "" in pillar_rows:
        by_pillar.append(TotalRow(None, _("No pillar"), _n(pillar_rows, ""), _b(pillar_rows, ""), 0.0))

    name_field = "name_en" if is_english() else "name_id"
    by_category = [
        TotalRow(r["category"], r[f"category__{name_field}"] or _("No category"), r["n"], int(r["budget"]), 0.0)
        for r in programs.values("category", f"category__{name_field}", "category__order")
        .annotate(n=count, budget=budget)
        .order_by("category__order", "category")
    ]
    sdg_names = dict(Sdg.objects.values_list("number", name_field))
    by_sdg = [
        TotalRow(
            r["sdgs__number"],
            f"{r['sdgs__number']}. {sdg_names.get(r['sdgs__number'], '')}" if r["sdgs__number"] else _("No SDG"),
            r["n"],
            int(r["budget"]),
            0.0,
        )
        for r in programs.values("sdgs__number").annotate(n=count, budget=budget).order_by("sdgs__number")
    ]
    by_region = [
        TotalRow(r["regions"], r["regions__name"] or _("No location"), r["n"], int(r["budget"]), 0.0)
        for r in programs.values("regions", "regions__name", "regions__code")
        .annotate(n=count, budget=budget)
        .order_by("regions__code")
    ]
    cost_labels = dict(Activity.CostCategory.choices)
    by_cost_category = [
        TotalRow(r["cost_category"], str(cost_labels.get(r["cost_category"], r["cost_category"])), r["n"], r["b"], 0.0)
        for r in Activity.objects.filter(program__plan=plan)
        .values("cost_category")
        .annotate(n=Count("program", distinct=True), b=Sum("budget"))
        .order_by("cost_category")
    ]

    def with_share(rows: list[TotalRow]) -> list[TotalRow]:
        return [TotalRow(r.key, r.label, r.programs, int(r.budget), _percent(int(r.budget), total)) for r in rows]

    return PlanTotals(
        total=total,
        ceiling=plan.budget_ceiling,
        remaining=plan.budget_ceiling - total,
        over_ceiling=total > plan.budget_ceiling,
        ceiling_percent=_percent(total, plan.budget_ceiling),
        program_count=programs.count(),
        activity_count=int(activities["count"]),
        by_pillar=with_share(by_pillar),
        by_category=with_share(by_category),
        by_sdg=with_share(by_sdg),
        by_region=with_share(by_region),
        by_cost_category=with_share(by_cost_category),
    )


def _n(rows: dict, key) -> int:
    return rows[key]["n"] if key in rows else 0


def _b(rows: dict, key) -> int:
    return int(rows[key]["budget"]) if key in rows else 0


# ------------------------------------------------------------------------------------------- schedule


@dataclass(frozen=True)
class ScheduleRow:
    """One activity on the month grid: `program` (Program), `activity` (Activity), `months` (list of
    12 bools, index 0 = January), `month_numbers` (sorted ints 1–12), `budget` (int)."""

    program: Program
    activity: Activity
    months: list[bool]
    month_numbers: list[int]
    budget: int


@dataclass(frozen=True)
class Schedule:
    """`rows` (list of ScheduleRow, by program code then activity), `active_per_month` (12 ints: how
    many activities run in each month), `programs` (list of (Program, list[ScheduleRow]) in order)."""

    rows: list[ScheduleRow]
    active_per_month: list[int]
    programs: list[tuple[Program, list[ScheduleRow]]] = field(default_factory=list)

    @property
    def month_labels(self) -> list[str]:
        """Short month names in the active language, January first."""
        return [str(MONTHS_3[m]).capitalize() for m in MONTHS]


@dataclass(frozen=True)
class BeneficiaryTotal:
    """Target beneficiaries of several programs in one unit: `count` (int), `unit` (as first typed, "" if none)."""

    count: int
    unit: str


def beneficiaries_by_unit(*, programs) -> list[BeneficiaryTotal]:
    """Target beneficiaries summed only within one unit (households, people, pupils…): units are
    compared without case and extra spaces, largest first. Never one number across units."""
    totals: dict[str, list] = {}
    for program in programs:
        if not program.beneficiaries_count:
            continue
        unit = " ".join(program.beneficiaries_kind.split())
        entry = totals.setdefault(unit.casefold(), [0, unit])
        entry[0] += program.beneficiaries_count
    return sorted((BeneficiaryTotal(count, unit) for count, unit in totals.values()), key=lambda t: (-t.count, t.unit))


def plan_schedule(*, plan: AnnualPlan, programs=None) -> Schedule:
    """The month-by-month schedule of every activity of the plan (2 queries, or 0 when `programs`
    from `plan_programs` is passed)."""
    if programs is None:
        programs = Program.objects.filter(plan=plan).prefetch_related("activities").order_by("code")
    rows: list[ScheduleRow] = []
    grouped: list[tuple[Program, list[ScheduleRow]]] = []
    per_month = [0] * 12
    for program in programs:
        program_rows = []
        for activity in program.activities.all():
            numbers = sorted({m for m in activity.months if isinstance(m, int) and 1 <= m <= 12})
            row = ScheduleRow(program, activity, [m in numbers for m in MONTHS], numbers, activity.budget)
            for m in numbers:
                per_month[m - 1] += 1
            program_rows.append(row)
        rows.extend(program_rows)
        grouped.append((program, program_rows))
    return Schedule(rows=rows, active_per_month=per_month, programs=grouped)


# ------------------------------------------------------------------------------------------ checklist


@dataclass(frozen=True)
class CheckItem:
    """One pre-submission check: `code`, `label`, `ok` (bool), `blocking` (bool: the plan cannot be
    submitted while it fails), `failing` (list of Program that fail it; empty for plan-level checks)."""

    code: str
    label: str
    ok: bool
    blocking: bool
    failing: list


@dataclass(frozen=True)
class Checklist:
    """`items` (list of CheckItem), `can_submit` (bool: no blocking check fails), `warnings` (int:
    failing non-blocking checks)."""

    items: list[CheckItem]
    can_submit: bool
    warnings: int


def plan_checklist(*, plan: AnnualPlan, programs=None, total: int | None = None) -> Checklist:
    """The checks before submission. Pass `programs` from `plan_programs` and `total` from
    `plan_totals` to avoid queries; otherwise they are loaded."""
    if programs is None:
        programs = plan_programs(plan=plan)
    programs = list(programs)
    if total is None:
        total = plan_total(plan=plan)

    def check(code, label, predicate, blocking=False):
        failing = [p for p in programs if not predicate(p)]
        return CheckItem(code, label, not failing, blocking, failing)

    items = [
        CheckItem("has_programs", _("The plan has at least one program"), bool(programs), True, []),
        check("pillar", _("Every program has a TJSL pillar"), lambda p: bool(p.pillar)),
        check("sdg", _("Every program is mapped to at least one SDG"), lambda p: bool(p.sdgs.all())),
        check("location", _("Every program has a location"), lambda p: bool(p.regions.all())),
        check("budget", _("Every program has a budget above zero"), lambda p: p.budget > 0, blocking=True),
        check(
            "indicator",
            _("Every program has at least one indicator with a target"),
            lambda p: any(i.target is not None for i in p.indicators.all()),
        ),
        check("person", _("Every program has a person in charge"), lambda p: p.person_in_charge_id is not None),
        CheckItem(
            "ceiling",
            _("The total budget fits the ceiling"),
            total <= plan.budget_ceiling,
            True,
            [],
        ),
    ]
    blocking_fail = any(i.blocking and not i.ok for i in items)
    return Checklist(items=items, can_submit=not blocking_fail, warnings=sum(1 for i in items if not i.ok))


# -------------------------------------------------------------------------------------- traceability


def plan_unanswered_aspirations(*, plan: AnnualPlan) -> QuerySet[Aspiration]:
    """Accepted aspirations that no program of `plan` answers yet (linking to a draft's program leaves
    an aspiration "accepted" until approval), oldest first, with `region` and `category` selected."""
    return (
        Aspiration.objects.filter(status=Aspiration.Status.ACCEPTED)
        .exclude(pk__in=Program.aspirations.through.objects.filter(program__plan=plan).values("aspiration_id"))
        .select_related("region", "region__parent", "category")
        .order_by("created_at", "id")
    )


def plan_unanswered_rows(*, plan: AnnualPlan) -> QuerySet:
    """`plan_unanswered_aspirations` as named tuples of what the traceability table shows (`pk`,
    `tracking_code`, `title`, `region_name`, `category_name_id`, `category_name_en`; `{% unanswered_rows %}`).

    The table is live on a page whose sections are cached: 50 model instances with three joined
    models were a quarter of what a request still builds (issue 15).
    """
    return (
        plan_unanswered_aspirations(plan=plan)
        .select_related(None)
        .annotate(
            region_name=F("region__name"),
            category_name_id=F("category__name_id"),
            category_name_en=F("category__name_en"),
        )
        .values_list("pk", "tracking_code", "title", "region_name", "category_name_id", "category_name_en", named=True)
    )


def plan_unanswered_page_rows(*, plan: AnnualPlan) -> CountedRows:
    """`plan_unanswered_rows` for a Paginator, counted without the joins the rows need (the count is an
    index-only scan of `fgd_aspiration_status_id_idx`)."""
    counted = plan_unanswered_aspirations(plan=plan).select_related(None).order_by()
    return CountedRows(plan_unanswered_rows(plan=plan), counted=counted)


@dataclass(frozen=True)
class CoverageRow:
    """`key`, `label`, `total` (aspirations in scope), `planned` (answered by this plan), `percent`."""

    key: object
    label: str
    total: int
    planned: int
    percent: float


@dataclass(frozen=True)
class Coverage:
    """Share of accepted aspirations that the plan answers. In scope: aspirations answered by a
    program of this plan, plus accepted ones nobody answers yet. `total`, `planned` (ints),
    `percent` (float), and lists of CoverageRow `by_region`, `by_ring`, `by_category`."""

    total: int
    planned: int
    percent: float
    by_region: list[CoverageRow]
    by_ring: list[CoverageRow]
    by_category: list[CoverageRow]


def plan_coverage(*, plan: AnnualPlan) -> Coverage:
    """Coverage of accepted aspirations by this plan, overall and by region, ring and category (4 queries).

    The database counts per (answered, region, category) over the plan's links and the accepted
    aspirations only; names come from the small region and category tables, and Python folds the
    few groups. Nothing here reads the whole history of aspirations.
    """
    answered = set(
        Program.aspirations.through.objects.filter(program__plan=plan).values_list("aspiration_id", flat=True)
    )
    in_plan = Q(pk__in=answered) if answered else Q(pk__in=[])
    groups = list(
        Aspiration.objects.filter(in_plan | Q(status=Aspiration.Status.ACCEPTED))
        .annotate(in_plan=ExpressionWrapper(in_plan, output_field=BooleanField()))
        .values_list("in_plan", "region", "category")
        .annotate(n=Count("*"))
        .order_by()
    )
    regions = Region.objects.select_related("parent").in_bulk({region for _, region, _, _ in groups if region})
    name_field = "name_en" if is_english() else "name_id"
    categories = dict(AspirationCategory.objects.values_list("pk", name_field))
    ring_labels = dict(Ring.choices)

    def ring_of(region_id):
        region = regions.get(region_id)
        return region.effective_ring if region else None

    def breakdown(key_of, label_of, order_of) -> list[CoverageRow]:
        counts: dict = defaultdict(lambda: [0, 0, "", None])
        for planned, region, category, n in groups:
            key = key_of(region, category)
            entry = counts[key]
            entry[0] += n
            entry[1] += n if planned else 0
            entry[2], entry[3] = label_of(key), order_of(key)
        ordered = sorted(counts.items(), key=lambda kv: (kv[1][3] is None, kv[1][3] or 0, str(kv[1][2])))
        return [CoverageRow(k, v[2], v[0], v[1], _percent(v[1], v[0])) for k, v in ordered]

    total = sum(n for _, _, _, n in groups)
    planned = sum(n for answered_here, _, _, n in groups if answered_here)
    return Coverage(
        total=total,
        planned=planned,
        percent=_percent(planned, total),
        by_region=breakdown(
            lambda region, _category: region,
            lambda region: regions[region].name if region in regions else _("No location"),
            lambda region: regions[region].code if region in regions else None,
        ),
        by_ring=breakdown(
            lambda region, _category: ring_of(region),
            lambda ring: str(ring_labels[ring]) if ring in ring_labels else _("Ring not set"),
            lambda ring: ring,
        ),
        by_category=breakdown(
            lambda _region, category: category,
            lambda category: categories.get(category) or _("No category"),
            lambda category: categories.get(category),
        ),
    )


# ------------------------------------------------------------------------------------------ versions


def plan_versions(*, plan: AnnualPlan) -> list[AnnualPlan]:
    """Every version of the plan's year, oldest first, each with `total_budget` and `program_count`."""
    return list(plan_list().filter(year=plan.year).order_by("version"))


def plan_status_history(*, plan: AnnualPlan) -> QuerySet:
    """The plan's status changes, oldest first, with `changed_by` selected."""
    return plan.status_changes.select_related("changed_by").order_by("changed_at", "id")


@dataclass(frozen=True)
class TargetChange:
    """`indicator` (name), `unit`, `old` and `new` (Decimal or None: added/removed indicator)."""

    indicator: str
    unit: str
    old: Decimal | None
    new: Decimal | None


@dataclass(frozen=True)
class ProgramChange:
    """A program present in both versions (matched by code) that changed: `code`, `name`,
    `old_budget`, `new_budget`, `budget_delta` (ints), `renamed_from` (str or ""), `target_changes`
    (list of TargetChange), `activity_changes` (list of str: activity names added or removed)."""

    code: str
    name: str
    old_budget: int
    new_budget: int
    budget_delta: int
    renamed_from: str
    target_changes: list[TargetChange]
    activities_added: list[str]
    activities_removed: list[str]


@dataclass(frozen=True)
class PlanDiff:
    """Differences from `old` to `new`: `added` and `removed` (lists of Program with `budget`),
    `changed` (list of ProgramChange), `old_total`, `new_total`, `total_delta`, `old_ceiling`,
    `new_ceiling` (ints), `is_empty` (bool)."""

    old: AnnualPlan
    new: AnnualPlan
    added: list
    removed: list
    changed: list[ProgramChange]
    old_total: int
    new_total: int
    total_delta: int
    old_ceiling: int
    new_ceiling: int

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.total_delta or self.ceiling_changed)

    @property
    def ceiling_changed(self) -> bool:
        return self.old_ceiling != self.new_ceiling


def _programs_for_diff(plan: AnnualPlan) -> dict[str, Program]:
    programs = (
        Program.objects.filter(plan=plan)
        .annotate(budget=_program_budget_subquery())
        .prefetch_related("indicators", "activities")
        .order_by("code")
    )
    return {p.code: p for p in programs}


def plan_diff(*, old: AnnualPlan, new: AnnualPlan) -> PlanDiff:
    """What changed between two versions: programs added/removed (by code), budgets, indicator
    targets (matched by name), activities added/removed (by name), ceiling (6 queries)."""
    before, after = _programs_for_diff(old), _programs_for_diff(new)
    changed = []
    for code in sorted(before.keys() & after.keys()):
        a, b = before[code], after[code]
        old_targets = {i.name: i for i in a.indicators.all()}
        new_targets = {i.name: i for i in b.indicators.all()}
        targets = []
        for name in sorted(old_targets.keys() | new_targets.keys()):
            o, n = old_targets.get(name), new_targets.get(name)
            if o is None or n is None or o.target != n.target:
                targets.append(TargetChange(name, (n or o).unit, o.target if o else None, n.target if n else None))  # type: ignore[union-attr]
        old_acts = {x.name for x in a.activities.all()}
        new_acts = {x.name for x in b.activities.all()}
        change = ProgramChange(
            code=code,
            name=b.name,
            old_budget=a.budget,  # type: ignore[attr-defined]
            new_budget=b.budget,  # type: ignore[attr-defined]
            budget_delta=b.budget - a.budget,  # type: ignore[attr-defined]
            renamed_from=a.name if a.name != b.name else "",
            target_changes=targets,
            activities_added=sorted(new_acts - old_acts),
            activities_removed=sorted(old_acts - new_acts),
        )
        if (
            change.budget_delta
            or change.renamed_from
            or targets
            or change.activities_added
            or change.activities_removed
        ):
            changed.append(change)
    old_total = sum(p.budget for p in before.values())  # type: ignore[attr-defined]
    new_total = sum(p.budget for p in after.values())  # type: ignore[attr-defined]
    return PlanDiff(
        old=old,
        new=new,
        added=[after[c] for c in sorted(after.keys() - before.keys())],
        removed=[before[c] for c in sorted(before.keys() - after.keys())],
        changed=changed,
        old_total=old_total,
        new_total=new_total,
        total_delta=new_total - old_total,
        old_ceiling=old.budget_ceiling,
        new_ceiling=new.budget_ceiling,
    )


def plan_current_for_year(*, year: int) -> AnnualPlan | None:
    """The plan that counts for a year: its latest approved version, else its latest version."""
    plans = AnnualPlan.objects.filter(year=year).select_related("strategic_plan")
    return (
        plans.filter(status=AnnualPlan.Status.APPROVED).order_by("-version").first()
        or plans.order_by("-version").first()
    )


# ------------------------------------------------------------------------------------ whole pages


def plan_get(*, pk: int) -> AnnualPlan:
    """One plan version (raises AnnualPlan.DoesNotExist) with its Renstra and people selected."""
    return AnnualPlan.objects.select_related(
        "strategic_plan", "approved_by", "submitted_by", "created_by", "revised_from", "copied_from"
    ).get(pk=pk)


@dataclass(frozen=True)
class PlanOverview:
    """Everything the plan page and the plan PDF show: `plan`, `programs` (list, as `plan_programs`),
    `totals` (PlanTotals), `schedule` (Schedule), `checklist` (Checklist), `coverage` (Coverage),
    `versions` (list of AnnualPlan, see `plan_versions`), `history` (list of PlanStatusChange),
    `diff` (PlanDiff against the version this one revises, or None), `return_comment` (the latest
    comment of a manager who returned the plan, "" if none or if resubmitted since), `indicators`
    (list of (Program, Indicator)) and `partners` (list of (Program, ProgramPartner)), in program order."""

    plan: AnnualPlan
    programs: list
    totals: PlanTotals
    schedule: Schedule
    checklist: Checklist
    coverage: Coverage
    versions: list
    history: list
    diff: PlanDiff | None
    return_comment: str
    indicators: list = field(default_factory=list)
    partners: list = field(default_factory=list)


def plan_overview(*, plan: AnnualPlan) -> PlanOverview:
    """The plan page in a constant number of queries (about 25, whatever the number of programs)."""
    programs = list(plan_programs(plan=plan, aspiration_rows=False))
    totals = plan_totals(plan=plan)
    history = list(plan_status_history(plan=plan))
    last = history[-1] if history else None
    returned = last is not None and last.from_status == AnnualPlan.Status.SUBMITTED and last.to_status == "draft"
    return PlanOverview(
        plan=plan,
        programs=programs,
        totals=totals,
        schedule=plan_schedule(plan=plan, programs=programs),
        checklist=plan_checklist(plan=plan, programs=programs, total=totals.total),
        coverage=plan_coverage(plan=plan),
        versions=plan_versions(plan=plan),
        history=history,
        diff=plan_diff(old=plan.revised_from, new=plan) if plan.revised_from_id else None,  # type: ignore[arg-type]
        return_comment=last.comment if returned else "",  # type: ignore[union-attr]
        indicators=[(p, i) for p in programs for i in p.indicators.all()],
        partners=[(p, partner) for p in programs for partner in p.partners.all()],
    )


@dataclass(frozen=True)
class PlanPageFacts:
    """What the plan page shows outside its cached sections: the submit button's state, whether this
    version is the year's latest (the revise button) and a manager's return comment."""

    can_submit: bool
    is_latest: bool
    return_comment: str


def plan_page_facts(*, plan: AnnualPlan, overview: PlanOverview, version: str) -> PlanPageFacts:
    """`overview` may be lazy: it is only read when the facts are not in the cache under the plan data's
    `version` (core/fragments.py), the same key as the page's cached sections."""
    key = f"plan-page-facts:{plan.pk}:{version}"
    facts = cache.get(key)
    if facts is None:
        facts = PlanPageFacts(
            can_submit=overview.checklist.can_submit,
            is_latest=bool(overview.versions) and overview.versions[-1] == plan,
            return_comment=overview.return_comment,
        )
        cache.set(key, facts, FRAGMENT_SECONDS)
    return facts


def latest_plan_of_year(year: int) -> AnnualPlan | None:
    """The year's plan in its latest version (a year has one plan, in versions), or None."""
    return AnnualPlan.objects.filter(year=year).order_by("-version").first()


# ------------------------------------------------------------------------------------ to-dos


# The filters of the plan list that the dashboard's to-dos link to (`/plans/?todo=…`).
TODO_APPROVAL, TODO_RETURNED = "approval", "returned"


def plans_waiting_for_approval() -> QuerySet[AnnualPlan]:
    """Submitted plans: a manager's to-do."""
    return AnnualPlan.objects.filter(status=AnnualPlan.Status.SUBMITTED)


def plans_returned_to(*, user) -> QuerySet[AnnualPlan]:
    """Drafts a manager returned (their last change is submitted → draft) that the user submitted or created."""
    changes = PlanStatusChange.objects.filter(plan=OuterRef("pk")).order_by("-changed_at", "-id")
    last_submitter = changes.filter(to_status=AnnualPlan.Status.SUBMITTED).values("changed_by")[:1]
    return (
        AnnualPlan.objects.filter(status=AnnualPlan.Status.DRAFT)
        .annotate(last_from=Subquery(changes.values("from_status")[:1]), submitter=Subquery(last_submitter))
        .filter(last_from=AnnualPlan.Status.SUBMITTED)
        .filter(Q(submitter=user.pk) | Q(created_by=user))
    )


def plan_todo(*, todo: str, user) -> QuerySet[AnnualPlan] | None:
    """The plan list filtered to one of the dashboard's to-dos, or None for an unknown one."""
    if todo == TODO_APPROVAL:
        return plans_waiting_for_approval()
    if todo == TODO_RETURNED:
        return plans_returned_to(user=user)
    return None


def plan_in_focus(*, year: int) -> AnnualPlan | None:
    """The plan the team is working on: the nearest draft or submitted plan of this year or later
    (in November the next year's plan is prepared), else the plan that counts for this year."""
    working = (
        AnnualPlan.objects.filter(year__gte=year)
        .exclude(status=AnnualPlan.Status.APPROVED)
        .select_related("strategic_plan")
        .order_by("year", "-version")
        .first()
    )
    return working or plan_current_for_year(year=year)
