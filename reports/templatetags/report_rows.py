"""The reports list's table rows: `{% load report_rows %}`."""

from django import template
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.access import user_display_name
from core.templatetags.csrplan import choice_labels, status_badge, url_for_pk
from core.templatetags.csrplan import escape_text as _e
from reports.models import ReportJob

register = template.Library()
Kind, Status = ReportJob.Kind, ReportJob.Status


def _target(job: ReportJob, deleted_plan: str, deleted_fgd: str) -> str:
    """The document's subject, as reports/includes/target_label.html writes it (the detail page uses that)."""
    if job.kind == Kind.PLAN_PDF:
        return _e(job.plan) if job.plan else deleted_plan
    if job.kind == Kind.REALISATION_PDF:
        plan = _e(job.plan) if job.plan else deleted_plan
        period = _("Quarter %(q)s") % {"q": job.quarter} if job.quarter else _e(_("Whole year"))
        return f"{plan} · {period}"
    return _e(job.fgd_session) if job.fgd_session else deleted_fgd


@register.simple_tag
def report_rows(jobs, *, allowed_kinds):
    """The reports list's rows (reports/list.html), built in Python.

    As on the triage queue (fgd's `aspiration_rows`): labels, the two URL patterns and the date
    format are looked up once per page, every value from the database is escaped with `_e`
    (issue 15). reports/tests/test_report_rows.py compares the markup with the loop it replaced.
    """
    detail, download = url_for_pk("reports:detail"), url_for_pk("reports:download")
    kinds = choice_labels(ReportJob, "kind")
    deleted_plan, deleted_fgd = _e(_("(deleted plan)")), _e(_("(deleted FGD)"))
    reused = f" · {_e(_('reused'))}"
    download_label, open_label = _e(_("Download")), _e(_("Open"))
    date_format = formats.get_format("DATETIME_FORMAT")
    rows = []
    for job in jobs:
        url = detail(job.pk)
        progress = f' <span class="small">{job.progress}%</span>' if job.status == Status.RUNNING else ""
        if job.status == Status.DONE and job.kind in allowed_kinds:
            action = (
                f'<a class="btn btn-sm btn-outline-primary" href="{download(job.pk)}">'
                f'<i class="bi bi-download" aria-hidden="true"></i> {download_label}</a>'
            )
        else:
            action = f'<a class="btn btn-sm btn-outline-secondary" href="{url}">{open_label}</a>'
        when = formats.date_format(timezone.localtime(job.queued_at), date_format) if job.queued_at else ""
        rows.append(
            f'<tr><td><a href="{url}">{job.pk}</a></td>'
            f"<td><div>{_target(job, deleted_plan, deleted_fgd)}\n</div>"
            f'<div class="small text-body-secondary">{_e(kinds.get(job.kind, job.kind))}'
            f"{reused if job.reused_from_id else ''}</div></td>"
            f"<td>{_e(job.language.upper())}</td>"
            f"<td>{_e(user_display_name(job.requested_by) or '–')}</td>"
            f'<td class="text-nowrap">{_e(when)}</td>'
            f"<td>{status_badge(job, testid='job-status')}{progress}</td>"
            f'<td class="text-end">{job.page_count or ""}</td>'
            f'<td class="text-end text-nowrap">{action}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value from the database went through escape_text)
