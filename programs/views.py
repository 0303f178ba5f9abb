"""Screens of strategic plans, annual plans, programs and traceability. Thin: read, call, render."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.access import Role, has_role, role_required
from core.errors import DomainError, flash, show_on_form
from core.fragments import FRAGMENT_SECONDS, plan_data_version
from core.http import int_param
from core.page_cache import cached_staff_page
from fgd.models import Aspiration
from fgd.services.aspirations import aspiration_transition

from . import selectors, services
from .forms import (
    ActivityForm,
    AnnualPlanForm,
    DecideAspirationForm,
    GoalIndicatorForm,
    IndicatorForm,
    LinkAspirationForm,
    PartnerForm,
    PlanAspirationForm,
    PlanCopyForm,
    PlanEditForm,
    ProgramForm,
    ReturnForm,
    StrategicGoalForm,
    StrategicPlanForm,
)
from .models import (
    Activity,
    AnnualPlan,
    GoalIndicator,
    Indicator,
    Program,
    ProgramPartner,
    StrategicGoal,
    StrategicPlan,
)


def _plan_or_404(pk: int) -> AnnualPlan:
    try:
        return selectors.plan_get(pk=pk)
    except AnnualPlan.DoesNotExist as error:
        raise Http404 from error


def _form_page(request, form, *, title: str, cancel_url: str, subtitle: str = "", submit_label: str = ""):
    return render(
        request,
        "programs/form.html",
        {
            "form": form,
            "title": title,
            "subtitle": subtitle,
            "cancel_url": cancel_url,
            "submit_label": submit_label or _("Save"),
        },
    )


def _save_valid_form(request, form, save: Callable[[dict], Model], *, success: str, then=None, refuse_url: str = ""):
    """What every create and edit screen here does with a valid POST: `save(cleaned_data)`, then tell
    the user `success` and redirect to `then` (default: what `save` returned).

    Returns None while the form is to be shown (again): on GET, and with errors on it. A PlanError
    goes back to `refuse_url` as a message when one is given and it names no field of the form (the
    plan is locked: nothing on the form to correct), and onto the form otherwise.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.cleaned_data)
    except DomainError as error:
        if refuse_url and getattr(error, "field", None) not in form.fields:
            return _refuse(request, error, refuse_url)
        show_on_form(form, error)  # about a field of the form: shown there, with what was typed
        form.existing_plan = getattr(error, "plan", None)  # PlanYearTaken: the page links to it
    except ValidationError as error:  # a model's own checks (full_clean) on data a plain form passed on
        _apply_errors(form, error)
    else:
        messages.success(request, success)
        return redirect(then or saved)
    return None


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _refuse(request, error: DomainError | str, url: str):
    flash(request, error)
    return redirect(url)


# ---------------------------------------------------------------------------------------- plans


@role_required(Role.VIEWER)
@cached_staff_page("plans")
def plan_list(request):
    plans = selectors.plan_list()
    todo = request.GET.get("todo", "")
    wanted = selectors.plan_todo(todo=todo, user=request.user)
    if wanted is None:
        todo = ""
    else:
        plans = plans.filter(pk__in=wanted.values("pk"))
    labels = {
        selectors.TODO_APPROVAL: _("Showing the plans waiting for your approval."),
        selectors.TODO_RETURNED: _("Showing the plans returned to you."),
    }
    return render(request, "programs/plan_list.html", {"plans": plans, "todo": todo, "todo_label": labels.get(todo)})


@role_required(Role.OFFICER)
def plan_create(request):
    form = AnnualPlanForm(request.POST or None)
    redirected = _save_valid_form(
        request,
        form,
        lambda data: services.plan_create(by=request.user, **data),
        success=_("Plan created. Add its programs."),
    )
    return redirected or _form_page(request, form, title=_("New annual plan"), cancel_url=reverse("programs:list"))


@role_required(Role.OFFICER)
def plan_copy(request):
    initial = {}
    if source := AnnualPlan.objects.order_by("-year", "-version").first():
        initial = {"source": source.pk, "year": source.year + 1}
    form = PlanCopyForm(request.POST or None, initial=initial)
    redirected = _save_valid_form(
        request,
        form,
        lambda data: services.plan_copy_to_year(by=request.user, **data),
        success=_("The new plan starts as a copy. Review every program before submitting."),
    )
    return redirected or _form_page(
        request,
        form,
        title=_("Start a year from last year's plan"),
        subtitle=_("Programs, SDGs, locations, partners, indicators and activities are copied."),
        cancel_url=reverse("programs:list"),
        submit_label=_("Copy"),
    )


@role_required(Role.VIEWER)
@cached_staff_page("plan")
def plan_detail(request, pk: int):
    plan = _plan_or_404(pk)
    # The page's sections are cached under the plan data's version token (core/fragments.py): the
    # overview (25 queries, 600 activities) is only built when a section or the facts are not cached.
    version = plan_data_version()
    overview = SimpleLazyObject(lambda: selectors.plan_overview(plan=plan))
    context = {
        "plan": plan,
        "o": overview,
        "facts": selectors.plan_page_facts(plan=plan, overview=overview, version=version),  # type: ignore[arg-type]
        "plan_version": version,
        "fragment_seconds": FRAGMENT_SECONDS,
        "return_form": ReturnForm(),
    }
    return render(request, "programs/plan_detail.html", context)


@role_required(Role.OFFICER)
def plan_edit(request, pk: int):
    plan = _plan_or_404(pk)
    if plan.is_locked:
        return _refuse(request, _("This plan is locked."), plan.get_absolute_url())
    form = PlanEditForm(request.POST or None, initial={"title": plan.title, "budget_ceiling": plan.budget_ceiling})
    redirected = _save_valid_form(
        request,
        form,
        lambda data: services.plan_update(plan=plan, **data),
        success=_("Plan saved."),
        refuse_url=plan.get_absolute_url(),
    )
    return redirected or _form_page(
        request, form, title=_("Edit plan"), subtitle=str(plan), cancel_url=plan.get_absolute_url()
    )


def _confirm_page(request, plan: AnnualPlan, *, question: str, consequence: str, button: str) -> HttpResponse:
    """GET of a status button: a page that asks first (works without JavaScript); its form POSTs the move."""
    return render(
        request,
        "programs/confirm.html",
        {"plan": plan, "question": question, "consequence": consequence, "button": button},
    )


def _move_plan(request, plan: AnnualPlan, move: Callable[[], AnnualPlan], success) -> HttpResponse:
    """A status button: `move()`, then say `success` (text, or a function of the plan it returns)
    and open that plan; a refused move goes back to the plan with the reason."""
    try:
        moved = move()
    except DomainError as error:
        return _refuse(request, error, plan.get_absolute_url())
    messages.success(request, success(moved) if callable(success) else success)
    return redirect(moved)


@role_required(Role.OFFICER)
@require_http_methods(["GET", "POST"])
def plan_submit(request, pk: int):
    plan = _plan_or_404(pk)
    if request.method == "GET":
        return _confirm_page(
            request,
            plan,
            question=_("Submit %(plan)s for approval?") % {"plan": plan},
            consequence=_("The plan is locked until a manager approves or returns it."),
            button=_("Submit for approval"),
        )
    return _move_plan(
        request,
        plan,
        lambda: services.plan_submit(plan=plan, by=request.user),
        _("Plan submitted for approval. It is locked until a manager approves or returns it."),
    )


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def plan_approve(request, pk: int):
    plan = _plan_or_404(pk)
    if request.method == "GET":
        return _confirm_page(
            request,
            plan,
            question=_("Approve %(plan)s?") % {"plan": plan},
            consequence=_("An approved plan is locked for good: changes need a new version."),
            button=_("Approve"),
        )
    return _move_plan(
        request,
        plan,
        lambda: services.plan_approve(plan=plan, by=request.user),
        _("Plan approved. It is now locked; revise it to make changes."),
    )


@role_required(Role.MANAGER)
@require_POST
def plan_return(request, pk: int):
    plan = _plan_or_404(pk)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _refuse(request, _("Say what needs to change when returning a plan."), plan.get_absolute_url())
    return _move_plan(
        request,
        plan,
        lambda: services.plan_return(plan=plan, by=request.user, comment=form.cleaned_data["comment"]),
        _("Plan returned to draft with your comment."),
    )


@role_required(Role.OFFICER)
@require_http_methods(["GET", "POST"])
def plan_revise(request, pk: int):
    plan = _plan_or_404(pk)
    if request.method == "GET":
        return _confirm_page(
            request,
            plan,
            question=_("Start a new version of %(plan)s?") % {"plan": plan},
            consequence=_("A draft copy with every program is made; the approved version stays as it is."),
            button=_("Revise (new version)"),
        )
    return _move_plan(
        request,
        plan,
        lambda: services.plan_revise(plan=plan, by=request.user),
        lambda revision: _("Version %(version)s created as a draft copy.") % {"version": revision.version},
    )


@role_required(Role.VIEWER)
def plan_compare(request, pk: int, other_pk: int):
    plan, other = _plan_or_404(pk), _plan_or_404(other_pk)
    old, new = (other, plan) if (other.year, other.version) < (plan.year, plan.version) else (plan, other)
    diff = selectors.plan_diff(old=old, new=new)
    return render(request, "programs/plan_compare.html", {"plan": plan, "diff": diff})


@role_required(Role.VIEWER)
@cached_staff_page("traceability")
def plan_traceability(request, pk: int):
    plan = _plan_or_404(pk)
    context = {
        "plan": plan,
        # The figures and the programs' section are cached under the plan data's version token
        # (core/fragments.py): their queries run only when the cached HTML is missing.
        "plan_version": plan_data_version(),
        "fragment_seconds": FRAGMENT_SECONDS,
        "programs": selectors.plan_traceability_programs(plan=plan),
        # Paginated: after years of public submissions the backlog can run to thousands.
        "unanswered": Paginator(selectors.plan_unanswered_page_rows(plan=plan), 50).get_page(request.GET.get("page")),
        "coverage": SimpleLazyObject(lambda: selectors.plan_coverage(plan=plan)),
        # Asked once, not per row; the rows' "Decide" links are this address and the aspiration's id.
        "can_decide": has_role(request.user, Role.OFFICER),
        "page_url": reverse("programs:traceability", args=[plan.pk]),
    }
    return render(request, "programs/traceability.html", context)


@role_required(Role.OFFICER)
@require_GET
def traceability_row(request, pk: int, aspiration_pk: int):
    """What an officer can do with one unanswered aspiration: plan it in a program, open a new
    program for it, defer or decline. The traceability page loads it into the row on demand
    (htmx); without JavaScript the row's link opens it as a page. Fifty rows of these forms, each
    with every program as an option, were three quarters of the page's HTML."""
    plan = _plan_or_404(pk)
    aspiration = get_object_or_404(Aspiration, pk=aspiration_pk)
    context = {"plan": plan, "aspiration": aspiration, "programs": selectors.plan_program_choices(plan=plan)}
    if request.htmx:
        return render(request, "programs/includes/decide_aspiration.html", context)
    return render(request, "programs/traceability_row.html", context)


@role_required(Role.OFFICER)
@require_POST
def traceability_plan(request, pk: int, aspiration_pk: int):
    plan = _plan_or_404(pk)
    aspiration = get_object_or_404(Aspiration, pk=aspiration_pk)
    form = PlanAspirationForm(request.POST, plan=plan)
    url = reverse("programs:traceability", args=[plan.pk])
    if not form.is_valid():
        return _refuse(request, _("Choose a program of this plan."), url)
    try:
        services.program_link_aspiration(program=form.cleaned_data["program"], aspiration=aspiration, by=request.user)
    except DomainError as error:
        return _refuse(request, error, url)
    messages.success(
        request,
        _("“%(title)s” is linked to a program of this draft: it becomes planned when the plan is approved.")
        % {"title": aspiration.title},
    )
    return redirect(url)


@role_required(Role.OFFICER)
@require_POST
def traceability_decide(request, pk: int, aspiration_pk: int):
    plan = _plan_or_404(pk)
    aspiration = get_object_or_404(Aspiration, pk=aspiration_pk)
    form = DecideAspirationForm(request.POST)
    url = reverse("programs:traceability", args=[plan.pk])
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return _refuse(request, errors, url)
    try:
        aspiration_transition(
            aspiration=aspiration,
            to_status=form.cleaned_data["decision"],
            by=request.user,
            public_note=form.cleaned_data["public_note"],
        )
    except DomainError as error:
        return _refuse(request, error, url)
    messages.success(request, _("Decision recorded for “%(title)s”.") % {"title": aspiration.title})
    return redirect(url)


# ------------------------------------------------------------------------------------- programs


def _program_or_404(pk: int) -> Program:
    try:
        return selectors.program_detail(pk=pk)
    except Program.DoesNotExist as error:
        raise Http404 from error


@role_required(Role.VIEWER)
def program_detail(request, pk: int):
    program = _program_or_404(pk)
    context = {
        "program": program,
        "plan": program.plan,
        "link_form": LinkAspirationForm(),
        "schedule": selectors.plan_schedule(plan=program.plan, programs=[program]),
    }
    return render(request, "programs/program_detail.html", context)


def _program_form_page(request, plan: AnnualPlan, program: Program | None):
    initial = {}
    if program is None and (aspiration_pk := int_param(request.GET.get("aspiration"))):
        aspiration = Aspiration.objects.filter(pk=aspiration_pk, status=Aspiration.Status.ACCEPTED).first()
        if aspiration:
            initial = {
                "name": aspiration.title[:200],
                "pillar": aspiration.pillar,
                "category": aspiration.category_id,
                "beneficiaries_count": aspiration.beneficiaries_count,
                "beneficiaries_kind": aspiration.beneficiaries_kind,
                "aspirations": [aspiration.pk],
                "regions": [aspiration.region_id] if aspiration.region_id else [],
            }
    form = ProgramForm(request.POST or None, instance=program, plan=plan, initial=initial)

    def save(data):
        return services.program_save(
            plan=plan,
            instance=program,
            sdgs=data["sdgs"],
            regions=data["regions"],
            aspirations=data["aspirations"],
            by=request.user,
            **form.program_fields(),
        )

    redirected = _save_valid_form(request, form, save, success=_("Program saved."), refuse_url=plan.get_absolute_url())
    if redirected:
        return redirected
    title = _("Edit program") if program else _("New program")
    cancel = program.get_absolute_url() if program else plan.get_absolute_url()
    return render(
        request,
        "programs/program_form.html",
        {"form": form, "title": title, "plan": plan, "program": program, "cancel_url": cancel},
    )


@role_required(Role.OFFICER)
def program_create(request, plan_pk: int):
    plan = _plan_or_404(plan_pk)
    if plan.is_locked:
        return _refuse(request, _("This plan is locked."), plan.get_absolute_url())
    return _program_form_page(request, plan, None)


@role_required(Role.OFFICER)
def program_edit(request, pk: int):
    program = get_object_or_404(Program.objects.select_related("plan"), pk=pk)
    if program.plan.is_locked:
        return _refuse(request, _("This plan is locked."), program.get_absolute_url())
    return _program_form_page(request, program.plan, program)


@role_required(Role.OFFICER)
def program_delete(request, pk: int):
    program = get_object_or_404(Program.objects.select_related("plan"), pk=pk)
    if request.method == "POST":
        try:
            services.program_delete(program=program, by=request.user)
        except DomainError as error:
            return _refuse(request, error, program.get_absolute_url())
        messages.success(request, _("Program deleted."))
        return redirect(program.plan)
    return render(
        request,
        "programs/confirm_delete.html",
        {"object": program, "cancel_url": program.get_absolute_url(), "title": _("Delete program")},
    )


@role_required(Role.OFFICER)
@require_POST
def program_link(request, pk: int):
    program = get_object_or_404(Program.objects.select_related("plan"), pk=pk)
    form = LinkAspirationForm(request.POST)
    if not form.is_valid():
        return _refuse(request, _("Choose an accepted aspiration."), program.get_absolute_url())
    try:
        services.program_link_aspiration(program=program, aspiration=form.cleaned_data["aspiration"], by=request.user)
    except DomainError as error:
        return _refuse(request, error, program.get_absolute_url())
    messages.success(request, _("Aspiration linked: it becomes planned when the plan is approved."))
    return redirect(program)


@role_required(Role.OFFICER)
@require_POST
def program_unlink(request, pk: int, aspiration_pk: int):
    program = get_object_or_404(Program.objects.select_related("plan"), pk=pk)
    aspiration = get_object_or_404(Aspiration, pk=aspiration_pk)
    try:
        services.program_unlink_aspiration(program=program, aspiration=aspiration, by=request.user)
    except DomainError as error:
        return _refuse(request, error, program.get_absolute_url())
    messages.success(request, _("Aspiration unlinked."))
    return redirect(program)


# ------------------------------------------------------------------ activities, indicators, partners

CHILDREN = {
    "activity": (Activity, ActivityForm, services.activity_save, services.activity_delete),
    "indicator": (Indicator, IndicatorForm, services.indicator_save, services.indicator_delete),
    "partner": (ProgramPartner, PartnerForm, services.partner_save, services.partner_delete),
}
CHILD_TITLES = {
    "activity": (_("New activity"), _("Edit activity"), _("Delete activity")),
    "indicator": (_("New indicator"), _("Edit indicator"), _("Delete indicator")),
    "partner": (_("New partner"), _("Edit partner"), _("Delete partner")),
}


def _child_form(request, kind: str, program: Program, instance=None):
    model, form_class, save, _delete = CHILDREN[kind]
    if program.plan.is_locked:
        return _refuse(request, _("This plan is locked."), program.get_absolute_url())
    extra = {"program": program} if form_class is IndicatorForm else {}
    form = form_class(request.POST or None, instance=instance, **extra)
    redirected = _save_valid_form(
        request,
        form,
        lambda data: save(program=program, instance=instance, **data),
        success=_("Saved."),
        then=program,
        refuse_url=program.get_absolute_url(),
    )
    titles = CHILD_TITLES[kind]
    return redirected or _form_page(
        request,
        form,
        title=str(titles[1] if instance else titles[0]),
        subtitle=str(program),
        cancel_url=program.get_absolute_url(),
    )


def child_create(kind: str):
    @role_required(Role.OFFICER)
    def view(request, program_pk: int):
        program = get_object_or_404(Program.objects.select_related("plan"), pk=program_pk)
        return _child_form(request, kind, program)

    view.__name__ = f"{kind}_create"
    return view


def child_edit(kind: str):
    model = CHILDREN[kind][0]

    @role_required(Role.OFFICER)
    def view(request, pk: int):
        instance = get_object_or_404(model.objects.select_related("program__plan"), pk=pk)
        return _child_form(request, kind, instance.program, instance)

    view.__name__ = f"{kind}_edit"
    return view


def child_delete(kind: str):
    model, _form, _save, delete = CHILDREN[kind]

    @role_required(Role.OFFICER)
    def view(request, pk: int):
        instance = get_object_or_404(model.objects.select_related("program__plan"), pk=pk)
        program = instance.program
        if request.method == "POST":
            try:
                delete(**{kind: instance})
            except DomainError as error:
                return _refuse(request, error, program.get_absolute_url())
            messages.success(request, _("Deleted."))
            return redirect(program)
        return render(
            request,
            "programs/confirm_delete.html",
            {"object": instance, "cancel_url": program.get_absolute_url(), "title": CHILD_TITLES[kind][2]},
        )

    view.__name__ = f"{kind}_delete"
    return view


# ---------------------------------------------------------------------------------------- Renstra


@role_required(Role.VIEWER)
@cached_staff_page("renstra")
def strategic_plan_list(request):
    plans = StrategicPlan.objects.prefetch_related("goals").order_by("-start_year")
    return render(request, "programs/renstra_list.html", {"strategic_plans": plans})


@role_required(Role.VIEWER)
def strategic_plan_detail(request, pk: int):
    renstra = get_object_or_404(StrategicPlan, pk=pk)
    goals = renstra.goals.prefetch_related("indicators", "programs__plan")
    years = list(range(renstra.start_year, renstra.end_year + 1))
    return render(
        request,
        "programs/renstra_detail.html",
        {
            "renstra": renstra,
            "goals": goals,
            "years": years,
            "annual_plans": renstra.annual_plans.all(),
            "can_edit": has_role(request.user, Role.MANAGER),  # officers and viewers read
        },
    )


@role_required(Role.MANAGER)
def strategic_plan_form(request, pk: int | None = None):
    instance = get_object_or_404(StrategicPlan, pk=pk) if pk else None
    form = StrategicPlanForm(request.POST or None, instance=instance)
    redirected = _save_valid_form(
        request,
        form,
        lambda data: services.strategic_plan_save(instance=instance, **data),
        success=_("Strategic plan saved."),
    )
    cancel = instance.get_absolute_url() if instance else reverse("programs:renstra_list")
    title = _("Edit strategic plan") if instance else _("New strategic plan")
    return redirected or _form_page(request, form, title=title, cancel_url=cancel)


@role_required(Role.MANAGER)
def strategic_goal_form(request, renstra_pk: int, pk: int | None = None):
    renstra = get_object_or_404(StrategicPlan, pk=renstra_pk)
    instance = get_object_or_404(StrategicGoal, pk=pk, strategic_plan=renstra) if pk else None
    form = StrategicGoalForm(request.POST or None, instance=instance)
    redirected = _save_valid_form(
        request,
        form,
        lambda data: services.strategic_goal_save(instance=instance, strategic_plan=renstra, **data),
        success=_("Strategic goal saved."),
        then=renstra,
    )
    title = _("Edit strategic goal") if instance else _("New strategic goal")
    return redirected or _form_page(
        request, form, title=title, subtitle=str(renstra), cancel_url=renstra.get_absolute_url()
    )


def _renstra_delete_page(request, obj, *, title: str, renstra: StrategicPlan, delete: Callable[[], None]):
    """GET: asks first (a page, no JavaScript needed); POST: deletes, or back to the Renstra with the reason."""
    if request.method == "POST":
        try:
            delete()
        except DomainError as error:
            return _refuse(request, error, renstra.get_absolute_url())
        messages.success(request, _("Deleted."))
        return redirect(renstra)
    return render(
        request,
        "programs/confirm_delete.html",
        {"object": obj, "cancel_url": renstra.get_absolute_url(), "title": title},
    )


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def strategic_goal_delete(request, renstra_pk: int, pk: int):
    goal = get_object_or_404(StrategicGoal.objects.select_related("strategic_plan"), pk=pk, strategic_plan=renstra_pk)
    return _renstra_delete_page(
        request,
        goal,
        title=_("Delete strategic goal"),
        renstra=goal.strategic_plan,
        delete=lambda: services.strategic_goal_delete(goal=goal),
    )


@role_required(Role.MANAGER)
@require_http_methods(["GET", "POST"])
def goal_indicator_delete(request, goal_pk: int, pk: int):
    indicator = get_object_or_404(GoalIndicator.objects.select_related("goal__strategic_plan"), pk=pk, goal=goal_pk)
    return _renstra_delete_page(
        request,
        indicator,
        title=_("Delete goal indicator"),
        renstra=indicator.goal.strategic_plan,
        delete=lambda: services.goal_indicator_delete(indicator=indicator),
    )


@role_required(Role.MANAGER)
def goal_indicator_form(request, goal_pk: int, pk: int | None = None):
    goal = get_object_or_404(StrategicGoal.objects.select_related("strategic_plan"), pk=goal_pk)
    instance = get_object_or_404(GoalIndicator, pk=pk, goal=goal) if pk else None
    renstra = goal.strategic_plan
    form = GoalIndicatorForm(request.POST or None, instance=instance, strategic_plan=renstra)

    def save(data):
        fields = {k: data[k] for k in ("name", "unit", "baseline")}
        return services.goal_indicator_save(
            instance=instance, goal=goal, yearly_targets=form.yearly_targets(), **fields
        )

    redirected = _save_valid_form(request, form, save, success=_("Indicator saved."), then=renstra)
    title = _("Edit goal indicator") if instance else _("New goal indicator")
    context = {"form": form, "title": title, "subtitle": str(goal), "cancel_url": renstra.get_absolute_url()}
    return redirected or render(request, "programs/goal_indicator_form.html", context)
