"""Screens of the realisation: the plan's monitoring page, a program's months, recording one month,
evidence downloads and the closing of periods. Thin: read, call, render."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import Role, role_required
from core.errors import DomainError, flash, show_on_form
from core.exports import export_response
from core.page_cache import cached_staff_page
from fgd.uploads import private_file_response
from programs.models import Activity, AnnualPlan, GoalIndicator, Program

from . import selectors, services
from .forms import GoalIndicatorActualForm, IndicatorActualsForm, RealisationForm, ReopenForm
from .models import Evidence, Period, Realisation, period_label


def _approved_plan(pk: int) -> AnnualPlan:
    return get_object_or_404(selectors.approved_plans(), pk=pk)


@role_required(Role.VIEWER)
@cached_staff_page("monitoring")
def plan_list(request):
    return render(request, "monitoring/plan_list.html", {"plans": selectors.approved_plans()})


def _quarter_asked(request) -> int:
    """?quarter=1–4 cuts the figures at that quarter's end (as its report does); anything else: the year."""
    asked = request.GET.get("quarter", "")
    return int(asked) if asked in ("1", "2", "3", "4") else Period.YEAR


@role_required(Role.VIEWER)
def plan_monitoring(request, pk: int):
    plan = _approved_plan(pk)
    quarter = _quarter_asked(request)
    snapshot = selectors.plan_snapshot(plan=plan, quarter=quarter)
    progress = selectors.program_progress(snapshot)
    absorption = {row.label: row for row in selectors.absorption_by_program(snapshot)}
    programs = [
        {"program": p, "progress": progress[p.pk], "absorption": absorption.get(f"{p.code} {p.name}")}
        for p in snapshot.programs
    ]
    flag_groups = selectors.attention(snapshot)
    context = {
        "plan": plan,
        "weighting": selectors.WEIGHTING,
        "plan_progress": selectors.plan_progress(snapshot),
        "total": selectors.absorption_total(snapshot),
        "curve": selectors.s_curve(snapshot),
        "by_pillar": selectors.absorption_by_pillar(snapshot),
        "by_category": selectors.absorption_by_category(snapshot),
        "by_month": selectors.absorption_by_month(snapshot),
        "programs": programs,
        "flag_groups": flag_groups,
        "flag_total": sum(group.total for group in flag_groups),
        "periods": selectors.period_rows(snapshot),
        "renstra_indicators": selectors.renstra_indicator_rows(
            strategic_plan_id=plan.strategic_plan_id, year=plan.year
        ),
        "quarter": quarter,
        "quarter_label": period_label(quarter, plan.year),
    }
    return render(request, "monitoring/plan_monitoring.html", context)


def _approved_program(pk: int) -> Program:
    return get_object_or_404(Program.objects.select_related("plan"), pk=pk, plan__status=AnnualPlan.Status.APPROVED)


@role_required(Role.VIEWER)
def program_monitoring(request, pk: int):
    return _program_page(request, _approved_program(pk))


def _program_page(request, program: Program, indicator_form: IndicatorActualsForm | None = None, status: int = 200):
    snapshot = selectors.plan_snapshot(plan=program.plan, program=program)
    closed_quarters = {q for q, p in snapshot.periods.items() if p.is_closed}
    year_closed = Period.YEAR in closed_quarters
    rows = []
    for state in snapshot.states:
        planned = selectors.planned_per_month(state.activity)
        cells = [
            {
                "month": m,
                "planned": planned.get(m, 0),
                "realisation": state.realisations.get(m),
                "closed": year_closed or (m - 1) // 3 + 1 in closed_quarters,
            }
            for m in range(1, 13)
        ]
        rows.append({"state": state, "cells": cells})
    if indicator_form is None:
        indicator_form = IndicatorActualsForm(
            rows=selectors.indicator_rows(program_ids=[program.pk]),
            closed_quarters={1, 2, 3, 4} if year_closed else closed_quarters,
        )
    context = {
        "plan": program.plan,
        "program": program,
        "weighting": selectors.WEIGHTING,
        "progress": selectors.program_progress(snapshot)[program.pk],
        "curve": selectors.s_curve(snapshot, program.pk),
        "total": selectors.absorption_total(snapshot),
        "rows": rows,
        "months": [(m, MONTHS[m]) for m in range(1, 13)],
        "indicator_form": indicator_form,
        "indicator_rule": selectors.INDICATOR_RULE,
    }
    return render(request, "monitoring/program_monitoring.html", context, status=status)


@role_required(Role.OFFICER)
@require_POST
def indicator_actuals(request, pk: int):
    """Saves the program's indicator values per quarter; a refusal shows the form again with what was typed."""
    program = _approved_program(pk)
    closed = set(Period.objects.filter(plan=program.plan, is_closed=True).values_list("quarter", flat=True))
    form = IndicatorActualsForm(
        request.POST,
        rows=selectors.indicator_rows(program_ids=[program.pk]),
        closed_quarters={1, 2, 3, 4} if Period.YEAR in closed else closed,
    )
    if form.is_valid():
        try:
            changed = services.indicator_actuals_save(program=program, values=form.values(), by=request.user)
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Indicators saved (%(count)s changed).") % {"count": changed})
            return redirect(reverse("monitoring:program", args=[program.pk]) + "#indicators")
    return _program_page(request, program, indicator_form=form, status=400)


@role_required(Role.OFFICER)
@require_POST
def renstra_indicator_actual(request, pk: int):
    """Enters the yearly actual of a Renstra indicator that no program indicator is linked to."""
    plan = _approved_plan(pk)
    back = reverse("monitoring:plan", args=[plan.pk]) + "#renstra-indicators"
    form = GoalIndicatorActualForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a number, e.g. 12,5."))
        return redirect(back)
    goal_indicator = get_object_or_404(
        GoalIndicator, pk=form.cleaned_data["goal_indicator"], goal__strategic_plan_id=plan.strategic_plan_id
    )
    try:
        services.goal_indicator_actual_save(
            goal_indicator=goal_indicator, year=plan.year, value=form.cleaned_data["value"], by=request.user
        )
    except DomainError as error:
        flash(request, error)
    else:
        messages.success(request, _("%(indicator)s: saved.") % {"indicator": goal_indicator.name})
    return redirect(back)


@role_required(Role.OFFICER)
def realisation_record(request, pk: int, month: int):
    activity = get_object_or_404(
        Activity.objects.select_related("program__plan"), pk=pk, program__plan__status=AnnualPlan.Status.APPROVED
    )
    if not 1 <= month <= 12:
        raise Http404
    program = activity.program
    back = reverse("monitoring:program", args=[program.pk])
    current = selectors.realisation_for(activity=activity, month=month)
    initial = {"version": current.version if current else 0, "status": "not_started", "progress": 0}
    if current:
        initial |= {name: getattr(current, name) for name in services.EDITABLE_FIELDS}
    form = RealisationForm(
        request.POST or None, request.FILES or None, initial=initial, beneficiaries_kind=program.beneficiaries_kind
    )
    conflict = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["evidence"]
            try:
                result = services.realisation_save(
                    activity=activity,
                    month=month,
                    version=form.cleaned_data["version"],
                    by=request.user,
                    evidence=[upload] if upload else [],
                    evidence_description=form.cleaned_data["evidence_description"],
                    **form.service_fields(),
                )
            except services.PeriodClosed as error:
                flash(request, error)
                return redirect(back)
            except services.VersionConflict as error:
                conflict = error.current
                form = _form_after_conflict(request, form, conflict, program.beneficiaries_kind)
                show_on_form(form, error)
            except DomainError as error:
                show_on_form(form, error)
            else:
                for warning in result.warnings:
                    messages.warning(request, warning)
                messages.success(
                    request,
                    _("%(activity)s, %(month)s: saved.") % {"activity": activity.name, "month": MONTHS[month]},
                )
                return redirect(back)
    else:
        try:
            services.ensure_open(plan=program.plan, month=month)
        except DomainError as error:
            flash(request, error)
            return redirect(back)
    context = {
        "activity": activity,
        "program": program,
        "plan": program.plan,
        "month": month,
        "month_name": MONTHS[month],
        "period": period_label((month - 1) // 3 + 1, program.plan.year),
        "planned": selectors.planned_per_month(activity).get(month, 0),
        "form": form,
        "conflict": conflict,
        "evidence": selectors.evidence_of(realisation=conflict or current),
        "upload_limit": settings.UPLOAD_MAX_BYTES,
        "back": back,
    }
    return render(request, "monitoring/realisation_form.html", context, status=status)


def _form_after_conflict(request, form, current, beneficiaries_kind: str) -> RealisationForm:
    """The same typed values, with the newer version: saving again is a conscious overwrite."""
    data = request.POST.copy()
    data["version"] = str(current.version)
    fresh = RealisationForm(data, beneficiaries_kind=beneficiaries_kind)
    fresh.is_valid()
    return fresh


@role_required(Role.VIEWER)
def evidence_download(request, pk: int):
    """Streams a private file to staff; there is no public URL for it."""
    evidence = get_object_or_404(Evidence, pk=pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return private_file_response(
        handle, content_type=evidence.content_type, name=evidence.original_name, inline=request.GET.get("inline") == "1"
    )


def _valid_quarter(quarter: int) -> int:
    if quarter not in (Period.YEAR, 1, 2, 3, 4):
        raise Http404
    return quarter


@role_required(Role.MANAGER)
@require_POST
def period_close(request, pk: int, quarter: int):
    plan = _approved_plan(pk)
    try:
        services.period_close(plan=plan, quarter=_valid_quarter(quarter), by=request.user)
    except DomainError as error:
        flash(request, error)
    else:
        messages.success(request, _("%(period)s is closed.") % {"period": period_label(quarter, plan.year)})
    return redirect(reverse("monitoring:plan", args=[plan.pk]) + "#periods")


@role_required(Role.MANAGER)
def period_reopen(request, pk: int, quarter: int):
    plan = _approved_plan(pk)
    label = period_label(_valid_quarter(quarter), plan.year)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_reopen(plan=plan, quarter=quarter, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("%(period)s is open again.") % {"period": label})
            return redirect(reverse("monitoring:plan", args=[plan.pk]) + "#periods")
    return render(
        request,
        "programs/form.html",
        {
            "form": form,
            "title": _("Reopen %(period)s") % {"period": label},
            "subtitle": str(plan),
            "cancel_url": reverse("monitoring:plan", args=[plan.pk]),
            "submit_label": _("Reopen"),
        },
    )


@role_required(Role.VIEWER)
def realisation_export(request, pk: int):
    """The realisation as one flat XLSX table (program, activity, month, planned, actual, progress, …)."""
    plan = _approved_plan(pk)
    quarter = _quarter_asked(request)
    snapshot = selectors.plan_snapshot(plan=plan, quarter=quarter)
    headers = [
        _("Program code"),
        _("Program"),
        _("Activity"),
        _("Month"),
        _("Planned (Rp)"),
        _("Actual (Rp)"),
        _("Progress (%)"),
        _("Status"),
        _("Beneficiaries reached"),
        _("Unit"),
        _("Note"),
    ]
    # Worded once: get_status_display rebuilt the choices for each of 7,200 rows (a third of the time).
    status_labels = {value: str(label) for value, label in Realisation.Status.choices}
    rows = (
        [
            row.program.code,
            row.program.name,
            row.activity.name,
            row.month,
            row.planned,
            row.actual,
            row.realisation.progress if row.realisation else None,
            status_labels[row.realisation.status] if row.realisation else "",
            row.realisation.beneficiaries_reached if row.realisation else None,
            row.program.beneficiaries_kind if row.realisation else "",
            row.realisation.note if row.realisation else "",
        ]
        for row in selectors.realisation_table(snapshot)
    )
    suffix = f"tw{quarter}" if quarter else "tahunan"
    return export_response(basename=f"realisasi-tjsl-{plan.year}-{suffix}", fmt="xlsx", headers=headers, rows=rows)
