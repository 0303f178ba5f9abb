"""Report jobs: requested in a web request, rendered by a Celery worker, stored through Django's storage.

The row is the truth: queued → running → done / failed. The task only passes the job id; it
claims the row with a conditional UPDATE (core.jobs): a job redelivered while its worker lives is refused,
one whose worker died is taken again.
Re-running a job deletes its old file and stores the new one.
"""

import hashlib
import json
import logging
from dataclasses import asdict

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import jobs
from core.access import Role, has_role
from core.errors import DomainError
from fgd.models import FgdSession
from monitoring import selectors as monitoring
from notifications.services import notify_users
from programs.models import AnnualPlan
from stakeholders.models import Stakeholder

from . import documents
from .models import ReportJob
from .rendering import html_to_pdf

logger = logging.getLogger(__name__)

Kind = ReportJob.Kind
Status = ReportJob.Status

# Who may ask for (and download) each kind of document. An approved plan is public within the
# company: every staff role, viewers included, may ask for and download its PDF
# (`APPROVED_PLAN_ROLE`); a draft's PDF stays with officers and managers.
MINIMUM_ROLE = {Kind.PLAN_PDF: Role.OFFICER, Kind.FGD_MINUTES_PDF: Role.OFFICER, Kind.REALISATION_PDF: Role.OFFICER}
APPROVED_PLAN_ROLE = Role.VIEWER
PLAN_KINDS = (Kind.PLAN_PDF, Kind.REALISATION_PDF)
# Errors worth another try: the database or the file storage was briefly unavailable.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (*jobs.TRANSIENT_ERRORS, ConnectionError, TimeoutError, OSError)


class ReportError(DomainError):
    """A refused or failed report; the message is meant for the person who asked."""


def report_kind_allowed(*, user, kind: str) -> bool:
    """May the user ask for any document of this kind (drafts included)?"""
    minimum = MINIMUM_ROLE.get(kind)  # type: ignore[call-overload]
    return minimum is not None and has_role(user, minimum)


def report_request_allowed(*, user, kind: str, target) -> bool:
    """May the user ask for this document: any of its kind, or an approved plan's."""
    if report_kind_allowed(user=user, kind=kind):
        return True
    return (
        kind == Kind.PLAN_PDF
        and getattr(target, "status", None) == AnnualPlan.Status.APPROVED
        and has_role(user, APPROVED_PLAN_ROLE)
    )


def report_download_allowed(*, user, job: ReportJob) -> bool:
    """May the user download this rendering: one of an approved plan (as rendered) goes to every staff role."""
    if report_kind_allowed(user=user, kind=job.kind):
        return True
    return (
        job.kind == Kind.PLAN_PDF
        and job.rendered_status == AnnualPlan.Status.APPROVED
        and has_role(user, APPROVED_PLAN_ROLE)
    )


def _language(language: str) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    return language if language in codes else settings.LANGUAGE_CODE


def _target(kind: str, target_id) -> AnnualPlan | FgdSession:
    model = AnnualPlan if kind in PLAN_KINDS else FgdSession
    try:
        return model.objects.get(pk=int(target_id))
    except (TypeError, ValueError, model.DoesNotExist):
        raise ReportError(_("The document you asked for no longer exists.")) from None


def _enqueue(job_id: int) -> None:
    """After the commit; a broker that is down leaves the job queued for the sweep (core.jobs)."""
    ReportJob.publish(job_id)


def _quarter(kind: str, target, quarter) -> int | None:
    """A realisation report's period (1–4, 0 = the year) of an approved plan; None for other kinds."""
    if kind != Kind.REALISATION_PDF:
        return None
    if target.status != AnnualPlan.Status.APPROVED:
        raise ReportError(_("A realisation report needs an approved plan."))
    if str(quarter) not in ("0", "1", "2", "3", "4"):
        raise ReportError(_("Choose a quarter (I–IV) or the whole year."))
    return int(quarter)


@transaction.atomic
def report_job_request(*, kind: str, target_id, language: str, user, quarter=None) -> ReportJob:
    """Creates a job (or serves an approved plan's earlier rendering) and queues the render."""
    if kind not in Kind.values:
        raise ReportError(_("Unknown kind of document."))
    target = _target(kind, target_id)
    if not report_request_allowed(user=user, kind=kind, target=target):
        raise PermissionError(kind)
    language = _language(language)
    fields: dict = {"plan": target} if kind in PLAN_KINDS else {"fgd_session": target}
    fields["quarter"] = _quarter(kind, target, quarter)
    if kind == Kind.PLAN_PDF and target.status == AnnualPlan.Status.APPROVED:
        original = _reusable_rendering(plan=target, language=language)  # type: ignore[arg-type]
        if original is not None:
            return _reuse(original=original, user=user)
    job = ReportJob.objects.create(kind=kind, language=language, requested_by=user, **fields)
    _enqueue(job.pk)
    return job


def _reusable_rendering(*, plan: AnnualPlan, language: str) -> ReportJob | None:
    """The latest PDF rendered from this plan while it was approved (approved plans never change)."""
    candidates = ReportJob.objects.filter(
        kind=Kind.PLAN_PDF,
        plan=plan,
        language=language,
        status=Status.DONE,
        rendered_status=AnnualPlan.Status.APPROVED,
        reused_from__isnull=True,
    ).exclude(file="")
    # A partner erased since (UU PDP) is still printed in an older rendering: render afresh.
    erased = Stakeholder.objects.filter(program_partnerships__program__plan=plan, erased_at__isnull=False).aggregate(
        latest=Max("erased_at")
    )["latest"]
    if erased is not None:
        candidates = candidates.filter(finished_at__gt=erased)
    for job in candidates.order_by("-finished_at")[:3]:
        if default_storage.exists(job.file.name):  # type: ignore[arg-type]
            return job
    return None


def _reuse(*, original: ReportJob, user) -> ReportJob:
    now = timezone.now()
    return ReportJob.objects.create(
        kind=original.kind,
        plan=original.plan,
        language=original.language,
        requested_by=user,
        status=Status.DONE,
        progress=100,
        started_at=now,
        finished_at=now,
        file=original.file.name,
        file_size=original.file_size,
        page_count=original.page_count,
        checksum=original.checksum,
        rendered_status=original.rendered_status,
        reused_from=original,
    )


@transaction.atomic
def report_job_retry(*, job: ReportJob, user) -> ReportJob:
    """Puts a failed job, or a queued one nobody took, back in the queue (same row; the task is safe to re-run)."""
    if not report_kind_allowed(user=user, kind=job.kind):
        raise PermissionError(job.kind)
    if not job.can_retry:
        raise ReportError(_("Only a failed report, or one no worker has taken, can be tried again."))
    requeued = (
        ReportJob.objects.filter(pk=job.pk, status=job.status)
        .exclude(status=Status.RUNNING)
        .update(
            status=Status.QUEUED,
            progress=0,
            error_message="",
            started_at=None,
            finished_at=None,
            claim_token="",
            queued_at=timezone.now(),
        )
    )
    if not requeued:
        raise ReportError(_("Only a failed report, or one no worker has taken, can be tried again."))
    _enqueue(job.pk)
    job.refresh_from_db()
    return job


def report_job_run(*, job_id: int) -> ReportJob | None:
    """The worker's part: claim, build the document, render it, store it. None if not claimed.

    A job is claimed when queued, or when running under a dead worker (core.jobs). Transient
    errors propagate (the task retries them); anything else fails the job with a message a
    person can act on.
    """
    token = ReportJob.claim(job_id)
    if token is None:
        logger.info("Report job %s was not claimed: not queued, or running under a live worker", job_id)
        return None
    job = ReportJob.objects.select_related("plan", "fgd_session").get(pk=job_id)
    with translation.override(job.language), jobs.running(ReportJob, job_id, token):
        try:
            return _render_and_store(job, token)
        except TRANSIENT_ERRORS:
            raise
        except SoftTimeLimitExceeded:
            message = _(
                "Rendering took longer than %(minutes)s minutes and was stopped. Try again; if it happens again, "
                "ask an administrator to raise the time limit."
            ) % {"minutes": max(1, settings.CELERY_TASK_SOFT_TIME_LIMIT // 60)}
        except ReportError as error:
            message = str(error)
        except Exception:
            logger.exception("Report job %s failed", job_id)
            message = _(
                "The document could not be rendered because of an unexpected error. Try again; if it fails again, "
                "tell an administrator the report number (#%(id)s)."
            ) % {"id": job_id}
        ReportJob.fail(job_id, message, token=token)
    return None


def _build(job: ReportJob) -> documents.Document:
    if job.kind == Kind.PLAN_PDF:
        if job.plan is None:
            raise ReportError(_("The plan of this report no longer exists."))
        return documents.plan_pdf(plan=job.plan, language=job.language)
    if job.kind == Kind.REALISATION_PDF:
        if job.plan is None:
            raise ReportError(_("The plan of this report no longer exists."))
        return documents.realisation_pdf(
            plan=job.plan, quarter=job.quarter or 0, language=job.language, requested_by=job.requested_by
        )
    if job.fgd_session is None:
        raise ReportError(_("The FGD of this report no longer exists."))
    return documents.fgd_minutes_pdf(session=job.fgd_session, language=job.language)


def _render_and_store(job: ReportJob, token: str) -> ReportJob:
    document = _build(job)
    ReportJob.set_progress(job.pk, 25, token)
    pdf = html_to_pdf(document.html, on_progress=lambda p: ReportJob.set_progress(job.pk, p, token))
    ReportJob.set_progress(job.pk, 90, token)
    old_name = job.file.name
    job.file.save(job.download_name, ContentFile(pdf.content), save=False)
    # The notice is written with the "done" it announces: both, or (swept as dead) neither.
    with transaction.atomic():
        updated = ReportJob.finish(
            job.pk,
            token,
            file=job.file.name,
            file_size=len(pdf.content),
            page_count=pdf.page_count,
            checksum=pdf.checksum,
            rendered_status=document.source_status,
        )
        if updated:
            _tell_ready(job, page_count=pdf.page_count)
    if not updated:
        # Swept as dead while we worked: keep the row as it is, drop the orphan file.
        default_storage.delete(job.file.name)  # type: ignore[arg-type]
        return job
    _delete_if_unused(old_name, keep=job.file.name)  # type: ignore[arg-type]
    job.refresh_from_db()
    return job


def _tell_ready(job: ReportJob, *, page_count: int) -> None:
    """ "Your report is ready", in the app and/or by e-mail as the person chose: once per job (its key),
    a retried job that finishes again tells nobody twice. A reused rendering is ready at once, on the
    page that asked for it, and tells nobody."""
    if job.requested_by is None:
        return
    path = reverse("reports:download", args=[job.pk])
    notify_users(
        users=[job.requested_by],
        template="reports/notices/report_ready",
        context={
            "kind": job.kind,
            "target": str(job.target or ""),
            "quarter": job.quarter,
            "pages": page_count,
            "url": f"{settings.SITE_URL}{path}",
        },
        key=f"report-ready:{job.pk}",
        url=path,
    )


def _delete_if_unused(name: str, *, keep: str) -> None:
    """Deletes a replaced file unless another job (a reuse) still points at it."""
    if name and name != keep and not ReportJob.objects.filter(file=name).exists():
        default_storage.delete(name)


def report_jobs_sweep(*, now=None) -> dict[str, int]:
    """Re-publishes report jobs nobody took, re-queues those whose worker died (or fails them past
    their attempts). Safe to run anywhere, any time: the report pages run it on the way."""
    return ReportJob.sweep(now=now)


def report_jobs_naming(*, stakeholder: Stakeholder):
    """Documents that print the person's name: the minutes of FGDs they were invited to or spoke at
    (attendance list, aspirations), and plans whose programs list them as a partner."""
    return ReportJob.objects.filter(
        Q(kind=Kind.FGD_MINUTES_PDF, fgd_session__invitations__stakeholder=stakeholder)
        | Q(kind=Kind.FGD_MINUTES_PDF, fgd_session__aspirations__stakeholder=stakeholder)
        | Q(kind=Kind.PLAN_PDF, plan__programs__partners__stakeholder=stakeholder)
    ).distinct()


def report_jobs_withdraw_for_erasure(*, stakeholder: Stakeholder) -> int:
    """On an erasure: every rendered document that names the person is deleted and its job marked
    failed with the reason, so it is neither downloaded nor reused; "Try again" renders it without them.

    A render running now may have read the name: failing it makes its final conditional update miss,
    and the worker drops the file it made. Files go from the storage only once the erasure commits.
    Returns the number of jobs withdrawn.
    """
    pks = list(
        report_jobs_naming(stakeholder=stakeholder)
        .filter(status__in=[Status.DONE, Status.RUNNING])
        .values_list("pk", flat=True)
    )
    jobs = ReportJob.objects.filter(pk__in=pks)
    files = set(jobs.exclude(file="").values_list("file", flat=True))
    now = timezone.now()
    withdrawn = 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            message = _(
                "This document named a person whose personal data was erased on request, so it was deleted. "
                "Try again to render it without them."
            )
        withdrawn += jobs.filter(language=language).update(
            status=Status.FAILED,
            finished_at=now,
            file="",
            file_size=None,
            checksum="",
            rendered_status="",
            error_message=message,
        )

    def delete_files() -> None:
        for name in files:
            if not ReportJob.objects.filter(file=name).exists():
                default_storage.delete(name)

    transaction.on_commit(delete_files)
    return withdrawn


# --- "You said, we did" as a PDF (public) -------------------------------------------------------------

# A public PDF is rendered once per content and language, then served from the cache: asking for
# it again and again costs a cache read, never a WeasyPrint render (generated on change).
OUTCOMES_CACHE_SECONDS = 7 * 24 * 3600
OUTCOMES_RENDER_LOCK_SECONDS = 120


class RenderBusy(ReportError):
    """The same document is being rendered for someone else right now: ask again in a moment."""


def _outcomes(session: FgdSession, language: str) -> monitoring.SessionOutcomes:
    with translation.override(language):
        return monitoring.session_outcomes(session=session)


def _outcomes_key(outcomes: monitoring.SessionOutcomes, language: str) -> str:
    """Names the content: the same words in the same language, the same key (and the same PDF)."""
    content = json.dumps(
        [language, outcomes.session.pk, [asdict(row) for row in outcomes.rows], asdict(outcomes.summary)],
        default=str,
        sort_keys=True,
    )
    return f"fgd-outcomes-pdf:{hashlib.sha256(content.encode()).hexdigest()}"


def fgd_outcomes_pdf_key(*, session: FgdSession, language: str) -> str:
    """The cache key of the session's PDF as it would be rendered now."""
    language = _language(language)
    return _outcomes_key(_outcomes(session, language), language)


def fgd_outcomes_pdf(*, session: FgdSession, language: str) -> bytes:
    """The PDF of `monitoring.selectors.session_outcomes`, rendered only when what it says changed.

    Concurrent first requests do not all render: one takes the lock, the others get `RenderBusy`."""
    language = _language(language)
    outcomes = _outcomes(session, language)
    key = _outcomes_key(outcomes, language)
    try:
        pdf = cache.get(key)
        if pdf is not None:
            return pdf
        locked = cache.add(f"{key}:lock", 1, OUTCOMES_RENDER_LOCK_SECONDS)
    except Exception as error:
        # As the public form's limits: without the shared cache the page still answers (rendered each
        # time until the cache is back), rather than a 5xx to the public.
        logger.warning("The FGD outcomes PDF is rendered uncached, the cache is unavailable: %s", error)
        return html_to_pdf(documents.fgd_outcomes_pdf(outcomes=outcomes, language=language).html).content
    if not locked:
        raise RenderBusy(_("The document is being prepared. Please try again in a few seconds."))
    try:
        pdf = html_to_pdf(documents.fgd_outcomes_pdf(outcomes=outcomes, language=language).html).content
        cache.set(key, pdf, OUTCOMES_CACHE_SECONDS)
    finally:
        cache.delete(f"{key}:lock")
    return pdf
