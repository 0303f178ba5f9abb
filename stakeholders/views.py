"""Screens of the stakeholder register. Each view reads the request, calls one service or selector."""

import secrets
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import Role, can_see_contact_data, role_required
from core.errors import DomainError, flash, show_on_form
from core.exports import export_response
from core.page_cache import cached_staff_page

from . import imports, selectors, services, similarity
from .forms import (
    EngagementForm,
    ImportUploadForm,
    MapFilterForm,
    OrganizationForm,
    StakeholderFilterForm,
    StakeholderForm,
)
from .mapping import MAX_DOTS_PER_CELL, MapCell, quadrant_counts_of, quadrant_rows, stakeholder_map_svg
from .models import ImportJob, Organization, Stakeholder

PAGE_SIZE = 25


# A search by phone number is posted and kept in the session; the list's URL carries only a token,
# so the digits never reach an access log, a proxy's log, the browser history or a Referer header.
SEARCHES_KEY = "stakeholder_searches"
SEARCHES_KEPT = 10


def _filters(request) -> QueryDict:
    """The list's filters from the query string, with a posted phone search put back from the session."""
    data = request.GET.copy()
    token = data.pop("search", [""])[-1]
    if token:
        data["q"] = request.session.get(SEARCHES_KEY, {}).get(token, "")
    return data


def _search_redirect(request):
    """POST of the filter form: a phone-like search goes to the session, everything else to the URL."""
    params = request.POST.copy()
    params.pop("csrfmiddlewaretoken", None)
    params.pop("search", None)
    q = params.get("q", "").strip()
    if selectors.is_phone_search(q):
        token = secrets.token_urlsafe(6)
        searches = request.session.get(SEARCHES_KEY, {})
        searches = dict(list(searches.items())[-(SEARCHES_KEPT - 1) :])
        searches[token] = q
        request.session[SEARCHES_KEY] = searches
        params.pop("q")
        params["search"] = token
    return HttpResponseRedirect(f"{reverse('stakeholders:list')}?{params.urlencode()}", status=303)


@role_required(Role.VIEWER)
@cached_staff_page("stakeholders")
def stakeholder_list(request):
    if request.method == "POST":
        return _search_redirect(request)
    show_contact = can_see_contact_data(request.user)
    form = StakeholderFilterForm(_filters(request), search_contact=show_contact)
    rows = selectors.stakeholder_rows(**form.selector_kwargs(), search_contact=show_contact)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/list.html",
        {"form": form, "page": page, "show_contact": show_contact, "sort": form["sort"].value()},
    )


@role_required(Role.VIEWER)
def stakeholder_export(request):
    fmt = request.GET.get("fmt", "csv")
    if fmt not in ("csv", "xlsx"):
        fmt = "csv"
    with_contact = can_see_contact_data(request.user)
    rows = selectors.stakeholder_list(
        **StakeholderFilterForm(_filters(request)).selector_kwargs(), search_contact=with_contact
    )
    headers = [_("ID"), _("Name"), _("Position"), _("Organisation"), _("Type"), _("Region"), _("Ring")]
    if with_contact:
        headers += [_("Phone"), _("E-mail")]
    headers += [_("Influence"), _("Interest"), _("Attitude"), _("Quadrant"), _("Local hero"), _("Key contact")]
    headers += [_("Active")]
    return export_response(
        basename="stakeholders",
        fmt=fmt,
        headers=headers,
        rows=selectors.stakeholder_export_rows(rows, with_contact=with_contact),
    )


@role_required(Role.VIEWER)
@cached_staff_page("stakeholder")
def stakeholder_detail(request, pk: int):
    stakeholder = selectors.stakeholder_detail(pk=pk)
    with_contact = can_see_contact_data(request.user)
    return render(
        request,
        "stakeholders/detail.html",
        {
            "stakeholder": stakeholder,
            "show_contact": with_contact,
            "engagements": selectors.stakeholder_engagements(stakeholder=stakeholder),
            "invitations": selectors.stakeholder_fgd_invitations(stakeholder=stakeholder),
            "aspirations": selectors.stakeholder_aspirations(stakeholder=stakeholder),
            "partnerships": selectors.stakeholder_program_partnerships(stakeholder=stakeholder),
            "history": selectors.stakeholder_history(stakeholder=stakeholder, with_contact=with_contact),
            "engagement_form": EngagementForm(initial={"date": timezone.localdate()}),
        },
    )


@role_required(Role.OFFICER)
def stakeholder_create(request):
    return _stakeholder_form(request, Stakeholder(), "stakeholders/form.html")


@role_required(Role.OFFICER)
def stakeholder_edit(request, pk: int):
    stakeholder = get_object_or_404(Stakeholder, pk=pk, erased_at__isnull=True)
    return _stakeholder_form(request, stakeholder, "stakeholders/form.html")


def _stakeholder_form(request, instance: Stakeholder, template: str):
    form = StakeholderForm(request.POST or None, instance=instance)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        saved, duplicates = services.stakeholder_submit(
            stakeholder=form.save(commit=False), data=form.cleaned_data, by=request.user
        )
        if saved:
            messages.success(request, _("%(name)s has been saved.") % {"name": saved.name})
            return redirect(saved)
    return render(request, template, {"form": form, "duplicates": duplicates, "stakeholder": instance})


@role_required(Role.OFFICER)
@require_POST
def stakeholder_archive(request, pk: int):
    stakeholder = get_object_or_404(Stakeholder, pk=pk, erased_at__isnull=True)
    active = request.POST.get("active") == "1"
    services.stakeholder_set_active(stakeholder=stakeholder, active=active, by=request.user)
    if active:
        messages.success(request, _("%(name)s is active again.") % {"name": stakeholder.name})
    else:
        messages.success(request, _("%(name)s has been archived.") % {"name": stakeholder.name})
    return redirect("stakeholders:detail", pk=pk)


@role_required(Role.OFFICER)
@require_POST
def engagement_add(request, pk: int):
    stakeholder = get_object_or_404(Stakeholder, pk=pk, erased_at__isnull=True)
    form = EngagementForm(request.POST)
    if form.is_valid():
        services.engagement_create(stakeholder=stakeholder, **form.cleaned_data, by=request.user)
        messages.success(request, _("The interaction has been recorded."))
    else:
        errors = "; ".join(str(e) for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, _("The interaction was not recorded: %(errors)s") % {"errors": errors})
    return redirect(reverse("stakeholders:detail", args=[pk]) + "#engagements")


@role_required(Role.MANAGER)
def stakeholder_personal_data(request, pk: int):
    stakeholder = get_object_or_404(Stakeholder, pk=pk)
    response = HttpResponse(
        services.stakeholder_personal_data(stakeholder=stakeholder), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="stakeholder-{pk}-personal-data.json"'
    return response


@role_required(Role.MANAGER)
def stakeholder_erase(request, pk: int):
    stakeholder = get_object_or_404(Stakeholder, pk=pk, erased_at__isnull=True)
    if request.method == "POST":
        if request.POST.get("confirm_name", "").strip() != stakeholder.name:
            messages.error(request, _("Type the person's name exactly to confirm the erasure."))
        else:
            services.stakeholder_erase(stakeholder=stakeholder, by=request.user)
            messages.success(request, _("The personal data has been erased."))
            return redirect("stakeholders:detail", pk=pk)
    return render(request, "stakeholders/erase.html", {"stakeholder": stakeholder})


@role_required(Role.VIEWER)
@cached_staff_page("stakeholder-map")
def stakeholder_map(request):
    form = MapFilterForm(request.GET)
    filters = form.selector_kwargs()
    cells = selectors.stakeholder_map_cells(**filters)
    svg = stakeholder_map_svg(cells, href=_person_url, cell_href=partial(_cell_people_url, filters))
    counts = quadrant_counts_of(cells)
    return render(
        request,
        "stakeholders/map.html",
        {
            "form": form,
            "svg": svg,
            "counts": quadrant_rows(counts),
            "max_dots": MAX_DOTS_PER_CELL,
        },
    )


def _person_url(person: Stakeholder) -> str:
    return person.get_absolute_url()


def _cell_people_url(filters: dict, cell: MapCell) -> str:
    """The register showing the people of one summarised cell of the map, under the map's filters."""
    query = {"interest": cell.interest, "influence": cell.influence, "org_type": filters["org_type"]}
    if filters["region"]:
        query["region"] = filters["region"].pk
    return f"{reverse('stakeholders:list')}?{urlencode(query)}"


@role_required(Role.OFFICER)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = imports.import_job_preview(name=upload.name, content=upload.read(), by=request.user)
        except DomainError as error:
            show_on_form(form, error)
        else:
            return redirect(job)
    recent = ImportJob.objects.select_related("created_by")[:5]
    return render(request, "stakeholders/import.html", {"form": form, "recent": recent})


@role_required(Role.OFFICER)
def import_template(request):
    response = HttpResponse(imports.template_workbook(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="stakeholders-template.xlsx"'
    return response


@role_required(Role.OFFICER)
def import_preview(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk)
    template = "stakeholders/includes/import_progress.html" if request.htmx else "stakeholders/import_preview.html"
    context = {"job": job, "preview": job.rows[:20]}
    if job.status == ImportJob.Status.READY:
        context["similar_names"] = similarity.import_similar_names(rows=job.rows)
    return render(request, template, context)


@role_required(Role.OFFICER)
@require_POST
def import_confirm(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        job = imports.import_job_confirm(job=job)
    except DomainError as error:
        flash(request, error)
        return redirect("stakeholders:import_preview", pk=pk)
    if job.status == ImportJob.Status.DONE:
        messages.success(
            request,
            _("Import finished: %(new)s new, %(updated)s updated.") % {"new": job.to_create, "updated": job.to_update},
        )
        return redirect("stakeholders:list")
    return redirect("stakeholders:import_preview", pk=pk)


@role_required(Role.VIEWER)
@cached_staff_page("organisations")
def organization_list(request):
    q = request.GET.get("q", "").strip()
    org_type = request.GET.get("type", "")
    org_type = org_type if org_type in Organization.Type.values else ""
    page = Paginator(selectors.organization_rows(q=q, org_type=org_type), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "stakeholders/organization_list.html",
        {"page": page, "q": q, "org_type": org_type, "types": Organization.Type.choices},
    )


@role_required(Role.VIEWER)
def organization_detail(request, pk: int):
    organization = get_object_or_404(Organization.objects.select_related("region", "region__parent"), pk=pk)
    return render(
        request,
        "stakeholders/organization_detail.html",
        {
            "organization": organization,
            "people": organization.stakeholders.select_related("region").order_by("-is_active", "name"),
            "history": selectors.organization_history(organization=organization),
        },
    )


@role_required(Role.OFFICER)
def organization_create(request):
    return _organization_form(request, Organization())


@role_required(Role.OFFICER)
def organization_edit(request, pk: int):
    return _organization_form(request, get_object_or_404(Organization, pk=pk))


def _organization_form(request, instance: Organization):
    form = OrganizationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        organization = services.organization_save(organization=form.save(commit=False), by=request.user)
        messages.success(request, _("%(name)s has been saved.") % {"name": organization.name})
        return redirect(organization)
    return render(request, "stakeholders/organization_form.html", {"form": form, "organization": instance})
