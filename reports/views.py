"""Screens of the reports: ask for a PDF, follow its job, download it, try again, list them all."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.access import Role, has_role, public_view, role_required
from core.errors import DomainError, flash
from core.page_cache import cached_staff_page
from fgd.models import FgdSession
from fgd.selectors.aspirations import session_public

from . import selectors, services
from .models import ReportJob

PAGE_SIZE = 25


def _job_or_404(pk: int) -> ReportJob:
    try:
        return selectors.report_job_get(job_id=pk)
    except ReportJob.DoesNotExist:
        raise Http404(_("No such report.")) from None


@role_required(Role.VIEWER)
@cached_staff_page("reports")
def job_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    jobs = selectors.report_job_list(
        kind=kind if kind in ReportJob.Kind.values else "",
        status=status if status in ReportJob.Status.values else "",
    )
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/list.html",
        {
            "page_obj": page,
            "jobs": page.object_list,
            "kinds": ReportJob.Kind.choices,
            "statuses": ReportJob.Status.choices,
            "kind": kind,
            "status": status,
            "allowed_kinds": _allowed_kinds(request),
            "targets": selectors.report_targets() if has_role(request.user, Role.OFFICER) else {},
        },
    )


@role_required(Role.VIEWER)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(pk)
    return render(request, "reports/detail.html", {"job": job, "can_download": _can_download(request, job)})


def _allowed_kinds(request: HttpRequest) -> list[str]:
    return [kind for kind in ReportJob.Kind.values if services.report_kind_allowed(user=request.user, kind=kind)]


def _can_download(request: HttpRequest, job: ReportJob) -> bool:
    return services.report_download_allowed(user=request.user, job=job)


@role_required(Role.VIEWER)
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls; it stops polling once the job is finished."""
    job = _job_or_404(pk)
    if not request.htmx:
        return redirect(job)
    context = {"job": job, "can_download": _can_download(request, job)}
    return render(request, "reports/includes/job_progress.html", context)


@role_required(Role.VIEWER)  # viewers: approved plans only (services.report_request_allowed)
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    try:
        job = services.report_job_request(
            kind=request.POST.get("kind", ""),
            target_id=request.POST.get("target", ""),
            language=request.POST.get("language", "") or request.LANGUAGE_CODE,
            user=request.user,
            quarter=request.POST.get("quarter"),
        )
    except PermissionError:
        raise PermissionDenied from None
    except DomainError as error:
        flash(request, error)
        return redirect(_back(request))
    if job.reused_from_id:
        messages.info(request, _("This approved plan was already rendered: here is the same document."))
    return redirect(job)


def _back(request: HttpRequest) -> str:
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return "reports:list"


@role_required(Role.OFFICER)
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_or_404(pk)
    try:
        services.report_job_retry(job=job, user=request.user)
    except PermissionError:
        raise PermissionDenied from None
    except DomainError as error:
        flash(request, error)
    else:
        messages.success(request, _("The report is queued again."))
    return redirect(job)


@role_required(Role.VIEWER)
def download(request: HttpRequest, pk: int) -> FileResponse:
    """Streams the PDF through Django: files are private, never under a public URL."""
    job = _job_or_404(pk)
    if not _can_download(request, job):
        raise PermissionDenied
    if job.status != ReportJob.Status.DONE or not job.file.name:
        raise Http404(_("This report has no file yet."))
    try:
        handle = default_storage.open(job.file.name, "rb")
    except FileNotFoundError:
        raise Http404(_("The file of this report is missing. Generate the report again.")) from None
    response = FileResponse(handle, as_attachment=True, filename=job.download_name, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@public_view
@require_GET
def fgd_outcomes_pdf(request, code: str):
    """ "You said, we did" of one FGD as a PDF to print: public, served from the cache once rendered."""
    try:
        session = session_public(code=code)
    except FgdSession.DoesNotExist:
        raise Http404 from None
    language = get_language()
    try:
        pdf = services.fgd_outcomes_pdf(session=session, language=language)
    except services.RenderBusy as busy:
        return HttpResponse(
            str(busy), status=503, content_type="text/plain; charset=utf-8", headers={"Retry-After": "5"}
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="kami-dengar-kami-kerjakan-{session.public_code}-{language}.pdf"'
    )
    return response
