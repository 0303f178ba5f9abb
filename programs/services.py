"""Changes of state of strategic plans, annual plans and their programs.

The rules that matter: only a draft plan can be changed; submitting needs the blocking checks to pass;
only managers approve or return; approval freezes the plan (revise it to make a new version that copies
everything, leaving the approved one intact); linking an aspiration to a program moves it to "planned"
and unlinking moves it back, both recorded in the aspiration's history.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import ROLE_GROUP_NAMES, Role, has_role
from core.errors import DomainError
from core.formatting import format_rupiah
from fgd.models import Aspiration, AspirationStatusChange
from fgd.services import notices as aspiration_notices
from fgd.services.aspirations import aspiration_transition
from notifications.services import notify_users

from .models import (
    RENSTRA_MAX_YEARS,
    Activity,
    AnnualPlan,
    GoalIndicator,
    Indicator,
    PlanStatusChange,
    Program,
    ProgramPartner,
    StrategicGoal,
    StrategicPlan,
)
from .selectors import latest_plan_of_year, plan_checklist, plan_total

Status = AnnualPlan.Status


class PlanError(DomainError):
    """A refused change to a plan or one of its programs."""


class PlanYearTaken(PlanError):
    """A year has one plan (in versions): the error carries its latest version, for the page to link to."""

    def __init__(self, plan: AnnualPlan) -> None:
        super().__init__(
            _("There is already a plan for %(year)s. Open it, or revise it once approved.") % {"year": plan.year},
            code="year_taken",
            field="year",
        )
        self.plan = plan


def _ensure_year_free(year: int) -> None:
    latest = latest_plan_of_year(year)
    if latest is not None:
        raise PlanYearTaken(latest)


# ------------------------------------------------------------------------------------------- helpers


# An accepted aspiration is linked to be planned; a planned one may move to another program in a revision.
LINKABLE_STATUSES = (Aspiration.Status.ACCEPTED, Aspiration.Status.PLANNED)


def plan_ensure_editable(*, plan: AnnualPlan) -> None:
    """Raises PlanError unless the plan is a draft (submitted and approved plans are locked)."""
    current_status = AnnualPlan.objects.values_list("status", flat=True).get(pk=plan.pk)
    if current_status != Status.DRAFT:
        if current_status == Status.APPROVED:
            raise PlanError(_("This plan is approved and locked. Create a revision to change it."))
        raise PlanError(_("This plan has been submitted for approval and is locked until it is returned."))


def _save(instance, **fields):
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def _record(plan: AnnualPlan, from_status: str, to_status: str, by, comment: str = "") -> PlanStatusChange:
    return PlanStatusChange.objects.create(
        plan=plan, from_status=from_status, to_status=to_status, changed_by=by, comment=comment
    )


def _strategic_plan_for(year: int, preferred: StrategicPlan | None = None) -> StrategicPlan:
    if preferred and preferred.start_year <= year <= preferred.end_year:
        return preferred
    found = StrategicPlan.objects.filter(start_year__lte=year, end_year__gte=year).order_by("-start_year").first()
    if found is None:
        raise PlanError(_("No strategic plan (Renstra) covers %(year)s. Create one first.") % {"year": year})
    return found


# ---------------------------------------------------------------------------------- strategic plans


class RenstraError(DomainError):
    """A refused change to a Renstra, its goals or their indicators."""


@transaction.atomic
def strategic_plan_save(*, instance: StrategicPlan | None = None, **fields) -> StrategicPlan:
    """Creates or updates a Renstra (name, start_year, end_year, vision, mission).

    The period holds at most RENSTRA_MAX_YEARS years and keeps every annual plan already made
    under it; targets of years outside a shortened period stay stored (they return when it grows).
    """
    start, end = fields.get("start_year"), fields.get("end_year")
    if start is not None and end is not None:
        if end < start:
            raise RenstraError(_("The last year cannot be before the first year."), field="end_year")
        if end - start + 1 > RENSTRA_MAX_YEARS:
            raise RenstraError(_("A Renstra covers at most %(n)s years.") % {"n": RENSTRA_MAX_YEARS}, field="end_year")
        if instance is not None and instance.pk:
            outside = instance.annual_plans.exclude(year__range=(start, end)).order_by("year").first()
            if outside is not None:
                raise RenstraError(
                    _("The annual plan %(plan)s lies outside this period: keep %(year)s inside it.")
                    % {"plan": outside, "year": outside.year},
                    field="start_year" if outside.year < start else "end_year",
                )
    return _save(instance or StrategicPlan(), **fields)


@transaction.atomic
def strategic_goal_save(
    *, instance: StrategicGoal | None = None, strategic_plan: StrategicPlan, **fields
) -> StrategicGoal:
    """Creates or updates a goal; a new goal without a position goes after the last one."""
    if fields.get("position") is None:
        fields.pop("position", None)
        if instance is None:
            last = strategic_plan.goals.aggregate(last=Max("position"))["last"]
            fields["position"] = 1 if last is None else last + 1
    code = fields.get("code")
    others = strategic_plan.goals.exclude(pk=instance.pk) if instance is not None else strategic_plan.goals.all()
    if code and others.filter(code=code).exists():
        raise RenstraError(_("Another goal of this Renstra has the code %(code)s.") % {"code": code}, field="code")
    return _save(instance or StrategicGoal(), strategic_plan=strategic_plan, **fields)


def _indicator_in_use(indicator: GoalIndicator) -> str:
    """Why an indicator cannot go: program indicators contribute to it, or actuals were recorded
    against it (monitoring's rows, reached through the reverse relation: programs cannot import it)."""
    programs = sorted({i.program.code for i in indicator.program_indicators.select_related("program")})
    if programs:
        return _("Indicators of programs %(programs)s contribute to “%(name)s”: unlink them first.") % {
            "programs": ", ".join(programs),
            "name": indicator.name,
        }
    actuals = getattr(indicator, "actuals", None)
    if actuals is not None and actuals.exists():
        return _("Actual values have been recorded for “%(name)s”: it stays.") % {"name": indicator.name}
    return ""


@transaction.atomic
def strategic_goal_delete(*, goal: StrategicGoal) -> None:
    """Deletes a goal with its indicators, unless programs use it (they would lose their goal
    silently) or one of its indicators is in use."""
    programs = list(goal.programs.select_related("plan").order_by("plan__year", "code"))
    if programs:
        named = ", ".join(f"{p.code} ({p.plan.year} v{p.plan.version})" for p in programs)
        raise RenstraError(
            _("Programs serve this goal: %(programs)s. Link them to another goal before deleting it.")
            % {"programs": named},
            code="goal_in_use",
        )
    for indicator in goal.indicators.all():
        if reason := _indicator_in_use(indicator):
            raise RenstraError(reason, code="indicator_in_use")
    goal.delete()


@transaction.atomic
def goal_indicator_save(*, instance: GoalIndicator | None = None, goal: StrategicGoal, **fields) -> GoalIndicator:
    """`yearly_targets` maps years (str) to targets (decimal strings): one for every year of the
    Renstra. Targets of years outside the period (kept from a longer period) stay stored."""
    targets = fields.pop("yearly_targets", None)
    if targets is not None:
        renstra = goal.strategic_plan
        for year in range(renstra.start_year, renstra.end_year + 1):
            if targets.get(str(year)) in (None, ""):
                raise RenstraError(
                    _("Give a target for %(year)s: every year of the Renstra has one.") % {"year": year},
                    field=f"target_{year}",
                )
        kept = dict(instance.yearly_targets) if instance is not None else {}
        kept.update({str(y): str(v) for y, v in targets.items() if v not in (None, "")})
        fields["yearly_targets"] = kept
    return _save(instance or GoalIndicator(), goal=goal, **fields)


@transaction.atomic
def goal_indicator_delete(*, indicator: GoalIndicator) -> None:
    if reason := _indicator_in_use(indicator):
        raise RenstraError(reason, code="indicator_in_use")
    indicator.delete()


# ------------------------------------------------------------------------------------ annual plans


@transaction.atomic
def plan_create(
    *, strategic_plan: StrategicPlan, year: int, budget_ceiling: int, title: str = "", by=None
) -> AnnualPlan:
    """A new draft plan (version 1) for a year that has no plan yet."""
    _ensure_year_free(year)
    if not strategic_plan.start_year <= year <= strategic_plan.end_year:
        raise PlanError(_("The year must lie within the period of the strategic plan."))
    plan = _save(
        AnnualPlan(created_by=by),
        strategic_plan=strategic_plan,
        year=year,
        budget_ceiling=budget_ceiling,
        title=title,
        version=1,
        status=Status.DRAFT,
    )
    _record(plan, "", Status.DRAFT, by)
    return plan


@transaction.atomic
def plan_update(*, plan: AnnualPlan, **fields) -> AnnualPlan:
    """Changes the title or the budget ceiling of a draft plan."""
    plan_ensure_editable(plan=plan)
    allowed = {"title", "budget_ceiling"}
    return _save(plan, **{k: v for k, v in fields.items() if k in allowed})


@transaction.atomic
def plan_submit(*, plan: AnnualPlan, by) -> AnnualPlan:
    """Draft → submitted, when every blocking check passes (a budget over the ceiling blocks)."""
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Status.DRAFT:
        raise PlanError(_("Only a draft plan can be submitted."))
    if not has_role(by, Role.OFFICER):
        raise PlanError(_("Only CSR officers and managers can submit a plan."))
    checklist = plan_checklist(plan=plan)
    if not checklist.can_submit:
        failing = [str(item.label) for item in checklist.items if item.blocking and not item.ok]
        raise PlanError(_("The plan cannot be submitted yet: %(checks)s.") % {"checks": "; ".join(failing)})
    plan.status, plan.submitted_at, plan.submitted_by = Status.SUBMITTED, timezone.now(), by
    plan.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    change = _record(plan, Status.DRAFT, Status.SUBMITTED, by)
    managers = get_user_model().objects.filter(groups__name=ROLE_GROUP_NAMES[Role.MANAGER], is_active=True)
    _tell(managers.exclude(pk=by.pk), "programs/notices/plan_submitted", plan, change, by)
    return plan


def _tell(users, template: str, plan: AnnualPlan, change: PlanStatusChange, by) -> None:
    """Staff hear of a plan's change in the app and/or by e-mail (notifications: each person chooses)."""
    path = reverse("programs:detail", args=[plan.pk])
    notify_users(
        users=users,
        template=template,
        context={
            "plan": str(plan),
            "by": (by.get_full_name() or by.get_username()) if by else "",
            "comment": change.comment,
            "url": f"{settings.SITE_URL}{path}",
        },
        key=f"plan-change:{change.pk}",
        url=path,
    )


@transaction.atomic
def plan_return(*, plan: AnnualPlan, by, comment: str) -> AnnualPlan:
    """Submitted → draft, with the manager's comment saying what to fix."""
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if not has_role(by, Role.MANAGER):
        raise PlanError(_("Only managers can return a plan."))
    if plan.status != Status.SUBMITTED:
        raise PlanError(_("Only a submitted plan can be returned."))
    if not comment.strip():
        raise PlanError(_("Say what needs to change when returning a plan."))
    submitter = plan.submitted_by
    plan.status, plan.submitted_at, plan.submitted_by = Status.DRAFT, None, None
    plan.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    change = _record(plan, Status.SUBMITTED, Status.DRAFT, by, comment.strip())
    _tell([submitter] if submitter else [], "programs/notices/plan_returned", plan, change, by)
    return plan


@transaction.atomic
def plan_approve(*, plan: AnnualPlan, by, comment: str = "") -> AnnualPlan:
    """Submitted → approved by a manager: records who and when, and locks the plan.

    When the plan revises an earlier version, aspirations that only the earlier version answered go
    back to "accepted" (the new version no longer plans them).
    """
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if not has_role(by, Role.MANAGER):
        raise PlanError(_("Only managers can approve a plan."))
    if plan.status != Status.SUBMITTED:
        raise PlanError(_("Only a submitted plan can be approved."))
    if plan_total(plan=plan) > plan.budget_ceiling:
        raise PlanError(_("The budget is over the ceiling."))
    plan.status, plan.approved_at, plan.approved_by = Status.APPROVED, timezone.now(), by
    plan.save(update_fields=["status", "approved_at", "approved_by", "updated_at"])
    change = _record(plan, Status.SUBMITTED, Status.APPROVED, by, comment.strip())
    _publish_planned_aspirations(plan, by)
    _release_dropped_aspirations(plan, by)
    _tell([plan.submitted_by] if plan.submitted_by else [], "programs/notices/plan_approved", plan, change, by)
    _tell_planned_aspirations(plan)
    return plan


def _tell_planned_aspirations(plan: AnnualPlan) -> None:
    """Submitters hear "planned" when the plan answering their aspiration is approved, not before."""
    answered = Aspiration.objects.filter(status=Aspiration.Status.PLANNED, programs__plan=plan).distinct()
    for aspiration in answered.exclude(submitter_email="").prefetch_related("programs"):
        names = [program.name for program in aspiration.programs.all() if program.plan_id == plan.pk]
        aspiration_notices.planned(
            aspiration=aspiration, plan_key=str(plan.pk), plan_title=str(plan), program_names=names
        )


def _plan_note_data(plan: AnnualPlan) -> dict:
    """What a generated public note says about an approved plan (worded when shown: `fgd.models.note_text`)."""
    approved_on = timezone.localdate(plan.approved_at) if plan.approved_at else timezone.localdate()
    return {
        "plan_title": plan.title,
        "year": plan.year,
        "version": plan.version,
        "approved_on": approved_on.isoformat(),
    }


def _publish_planned_aspirations(plan: AnnualPlan, by) -> None:
    """Approval is when linked aspirations become "planned": each gets a public note naming its
    program(s) and the approved plan, in the approval's transaction."""
    names: dict[int, list[str]] = {}
    links = Program.aspirations.through.objects.filter(program__plan=plan).order_by("program__code", "program__name")
    for aspiration_id, name in links.values_list("aspiration_id", "program__name"):
        names.setdefault(aspiration_id, []).append(name)
    accepted = Aspiration.objects.filter(pk__in=names, status=Aspiration.Status.ACCEPTED).order_by("pk")
    for aspiration in accepted:
        aspiration_transition(
            aspiration=aspiration,
            to_status=Aspiration.Status.PLANNED,
            by=by,
            note_kind=AspirationStatusChange.Note.PLANNED_IN_PROGRAM,
            note_data={"programs": names[aspiration.pk], **_plan_note_data(plan)},
        )


def _release_dropped_aspirations(plan: AnnualPlan, by) -> None:
    """Aspirations an earlier version planned and this approved version drops go back to "accepted"."""
    earlier = AnnualPlan.objects.filter(year=plan.year, version__lt=plan.version)
    dropped = (
        Aspiration.objects.filter(status=Aspiration.Status.PLANNED, programs__plan__in=earlier)
        .exclude(programs__plan=plan)
        .distinct()
    )
    for aspiration in dropped:
        aspiration_transition(
            aspiration=aspiration,
            to_status=Aspiration.Status.ACCEPTED,
            by=by,
            note_kind=AspirationStatusChange.Note.NO_LONGER_PLANNED,
            note_data=_plan_note_data(plan),
        )


@transaction.atomic
def plan_revise(*, plan: AnnualPlan, by) -> AnnualPlan:
    """A new draft version of an approved plan, copying everything; the approved version stays as it is."""
    plan = AnnualPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Status.APPROVED:
        raise PlanError(_("Only an approved plan can be revised."))
    latest = AnnualPlan.objects.filter(year=plan.year).aggregate(v=Max("version"))["v"]
    if latest != plan.version:
        raise PlanError(_("A newer version of this plan already exists: revise that one."))
    revision = AnnualPlan.objects.create(
        strategic_plan=plan.strategic_plan,
        year=plan.year,
        version=plan.version + 1,
        title=plan.title,
        budget_ceiling=plan.budget_ceiling,
        status=Status.DRAFT,
        revised_from=plan,
        created_by=by,
    )
    _copy_programs(source=plan, target=revision, with_aspirations=True)
    _record(revision, "", Status.DRAFT, by, _("Revision of version %(version)s.") % {"version": plan.version})
    return revision


@transaction.atomic
def plan_copy_to_year(
    *, source: AnnualPlan, year: int, by, budget_ceiling: int | None = None, title: str | None = None
) -> AnnualPlan:
    """A new year's draft plan (version 1) that starts as a copy of `source`.

    Programs, SDGs, locations, partners, indicators and activities are copied as they were, for the
    officers to adjust; aspiration links are not: they were answered by last year's plan.
    """
    _ensure_year_free(year)
    strategic_plan = _strategic_plan_for(year, source.strategic_plan)
    plan = _save(
        AnnualPlan(created_by=by, copied_from=source),
        strategic_plan=strategic_plan,
        year=year,
        version=1,
        title=source.title if title is None else title,
        budget_ceiling=source.budget_ceiling if budget_ceiling is None else budget_ceiling,
        status=Status.DRAFT,
    )
    _copy_programs(source=source, target=plan, with_aspirations=False)
    _record(plan, "", Status.DRAFT, by, _("Copied from %(plan)s.") % {"plan": source})
    return plan


def _copy_programs(*, source: AnnualPlan, target: AnnualPlan, with_aspirations: bool) -> None:
    same_renstra = source.strategic_plan_id == target.strategic_plan_id
    goals_by_code = dict(target.strategic_plan.goals.values_list("code", "pk"))
    programs = source.programs.prefetch_related(
        "sdgs", "regions", "aspirations", "partners", "indicators", "activities"
    ).select_related("strategic_goal")
    for old in programs:
        goal_id = old.strategic_goal_id
        if not same_renstra:
            goal_id = goals_by_code.get(old.strategic_goal.code) if old.strategic_goal else None
        new = Program.objects.create(
            plan=target,
            code=old.code,
            name=old.name,
            pillar=old.pillar,
            category_id=old.category_id,
            strategic_goal_id=goal_id,
            objective=old.objective,
            description=old.description,
            beneficiaries_count=old.beneficiaries_count,
            beneficiaries_kind=old.beneficiaries_kind,
            person_in_charge_id=old.person_in_charge_id,
            start_month=old.start_month,
            end_month=old.end_month,
            alignment_tags=old.alignment_tags,
        )
        new.sdgs.set(old.sdgs.all())
        new.regions.set(old.regions.all())
        if with_aspirations:
            new.aspirations.set(old.aspirations.all())
        ProgramPartner.objects.bulk_create(
            ProgramPartner(program=new, organization_id=p.organization_id, stakeholder_id=p.stakeholder_id, role=p.role)
            for p in old.partners.all()
        )
        Indicator.objects.bulk_create(
            Indicator(
                program=new,
                kind=i.kind,
                name=i.name,
                unit=i.unit,
                baseline=i.baseline,
                target=i.target,
            )
            for i in old.indicators.all()
        )
        Activity.objects.bulk_create(
            Activity(
                program=new,
                name=a.name,
                months=list(a.months),
                budget=a.budget,
                month_split=list(a.month_split),
                cost_category=a.cost_category,
                responsible_party=a.responsible_party,
            )
            for a in old.activities.all()
        )


# ----------------------------------------------------------------------------------------- programs


@transaction.atomic
def program_save(
    *,
    plan: AnnualPlan,
    instance: Program | None = None,
    sdgs: Iterable = (),
    regions: Iterable = (),
    aspirations: Iterable = (),
    by=None,
    **fields,
) -> Program:
    """Creates or updates a program of a draft plan, with its SDGs and locations; `aspirations` (new
    ones only) are linked through `program_link_aspiration`."""
    plan_ensure_editable(plan=plan)
    program = instance or Program(plan=plan)
    if program.plan_id != plan.pk:
        raise PlanError(_("This program belongs to another plan."))
    _save(program, **fields)
    program.sdgs.set(sdgs)
    program.regions.set(regions)
    linked = set(program.aspirations.values_list("pk", flat=True))
    for aspiration in aspirations:
        if aspiration.pk not in linked:
            program_link_aspiration(program=program, aspiration=aspiration, by=by)
    return program


@transaction.atomic
def program_delete(*, program: Program, by=None) -> None:
    """Deletes a program of a draft plan (its links go with it; public statuses follow approvals only)."""
    plan_ensure_editable(plan=program.plan)
    for aspiration in list(program.aspirations.all()):
        program_unlink_aspiration(program=program, aspiration=aspiration, by=by)
    program.delete()


def _program_editable(program: Program) -> None:
    plan_ensure_editable(plan=program.plan)


@transaction.atomic
def activity_save(*, program: Program, instance: Activity | None = None, **fields) -> Activity:
    """`months` is a list of month numbers 1–12 (stored sorted, without repeats)."""
    _program_editable(program)
    months = fields.get("months")
    if months is not None:
        clean = sorted({int(m) for m in months})
        if not clean or clean[0] < 1 or clean[-1] > 12:
            raise PlanError(_("Choose at least one month between January and December."), field="months")
        fields["months"] = clean
    activity = instance or Activity(program=program)
    split = fields.get("month_split") or []
    if split:
        months_count = len(fields.get("months") or activity.months)
        budget = fields.get("budget", activity.budget) or 0
        if len(split) != months_count:
            raise PlanError(
                _("Give one amount per chosen month (%(months)s months, %(amounts)s amounts).")
                % {"months": months_count, "amounts": len(split)},
                field="month_split",
            )
        if sum(split) != budget:
            raise PlanError(
                _("The amounts per month add up to %(sum)s, not to the budget of %(budget)s.")
                % {"sum": format_rupiah(sum(split)), "budget": format_rupiah(budget)},
                field="month_split",
            )
    return _save(activity, **fields)


@transaction.atomic
def activity_delete(*, activity: Activity) -> None:
    _program_editable(activity.program)
    activity.delete()


@transaction.atomic
def indicator_save(*, program: Program, instance: Indicator | None = None, **fields) -> Indicator:
    _program_editable(program)
    return _save(instance or Indicator(program=program), **fields)


@transaction.atomic
def indicator_delete(*, indicator: Indicator) -> None:
    _program_editable(indicator.program)
    indicator.delete()


@transaction.atomic
def partner_save(*, program: Program, instance: ProgramPartner | None = None, **fields) -> ProgramPartner:
    _program_editable(program)
    if not fields.get("organization") and not fields.get("stakeholder"):
        raise PlanError(_("Choose an organisation or a stakeholder."))
    return _save(instance or ProgramPartner(program=program), **fields)


@transaction.atomic
def partner_delete(*, partner: ProgramPartner) -> None:
    _program_editable(partner.program)
    partner.delete()


# ------------------------------------------------------------------------------------ traceability


@transaction.atomic
def program_link_aspiration(*, program: Program, aspiration: Aspiration, by) -> None:
    """Records that the program (of a draft plan) will answer the aspiration. Nothing public changes:
    the aspiration becomes "planned" when the plan is approved (`plan_approve`). Accepted aspirations,
    or ones an approved plan already plans (a revision moving them), can be linked."""
    _program_editable(program)
    if program.aspirations.filter(pk=aspiration.pk).exists():
        return
    if aspiration.status not in LINKABLE_STATUSES:
        raise PlanError(
            _("Only accepted aspirations can be linked to a program; “%(title)s” is “%(status)s”.")
            % {"title": aspiration.title, "status": Aspiration.Status(aspiration.status).label}
        )
    program.aspirations.add(aspiration)


@transaction.atomic
def program_unlink_aspiration(*, program: Program, aspiration: Aspiration, by) -> None:
    """Removes the link from a draft program. Nothing public changes: an aspiration an approved plan
    planned stays planned until a later approved version drops it (`plan_approve`)."""
    _program_editable(program)
    program.aspirations.remove(aspiration)
