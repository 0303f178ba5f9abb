from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.access import user_display_name
from core.jobs import BackgroundJob, JobStatus
from fgd.models import FgdSession
from programs.models import AnnualPlan


class ReportJob(BackgroundJob):
    """One request for a rendered document, and what became of it (the job's life: core.jobs)."""

    task_path = "reports.tasks.render_report"
    Status = JobStatus

    class Kind(models.TextChoices):
        PLAN_PDF = "plan_pdf", _("Annual plan PDF")
        FGD_MINUTES_PDF = "fgd_minutes_pdf", _("FGD minutes PDF")
        REALISATION_PDF = "realisation_pdf", _("Realisation report PDF")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    plan = models.ForeignKey(
        AnnualPlan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    fgd_session = models.ForeignKey(
        FgdSession,
        verbose_name=_("FGD session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_jobs",
    )
    # A realisation report's period: quarter 1–4, or 0 for the whole year.
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True, validators=[MaxValueValidator(4)])
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="report_jobs",
    )
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    file = models.FileField(_("file"), upload_to="reports/%Y/%m/", blank=True)
    file_size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # The target's status when the document was rendered: only a document rendered from an
    # approved (immutable) plan may be handed out again.
    rendered_status = models.CharField(_("status of the document's source"), max_length=20, blank=True)
    # A job served from an earlier, identical rendering (approved plans are immutable).
    reused_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reused from"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-queued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False) | Q(fgd_session__isnull=False),
                name="reportjob_has_target",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="reportjob_progress_max_100"),
        ]
        indexes = [models.Index(fields=["status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def target(self):
        return self.fgd_session if self.kind == self.Kind.FGD_MINUTES_PDF else self.plan

    @property
    def requester_name(self) -> str:
        return user_display_name(self.requested_by)

    @property
    def download_name(self) -> str:
        """A file name people recognise in their downloads folder."""
        if self.kind == self.Kind.PLAN_PDF and self.plan_id:
            stem = f"rencana-kerja-tjsl-{self.plan.year}-v{self.plan.version}"
        elif self.kind == self.Kind.REALISATION_PDF and self.plan_id:
            period = f"triwulan-{self.quarter}" if self.quarter else "tahunan"
            stem = f"laporan-realisasi-tjsl-{self.plan.year}-{period}"
        else:
            stem = f"berita-acara-fgd-{self.fgd_session_id}"
        return f"{stem}-{self.language}.pdf"
