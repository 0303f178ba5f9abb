"""Template helpers of the FGD session pages: `{% load fgd_sessions %}`."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.formatting import date_formatter
from core.templatetags.csrplan import escape_text as _e
from core.templatetags.csrplan import status_badges, url_for_pk
from fgd.models import FgdSession

register = template.Library()


@register.simple_tag
def session_rows(sessions):
    """The FGD list's table rows (fgd/sessions/includes/session_table.html), built in Python.

    As on the triage queue (`aspiration_rows`): the template loop was two thirds of the page's
    calls; formats, labels and the URL pattern are looked up once per page (issue 15).
    fgd/tests/test_aspiration_rows.py compares the markup with the loop it replaced.
    """
    detail = url_for_pk("fgd:detail")
    date_text, time_text = date_formatter("DATE_FORMAT"), date_formatter("TIME_FORMAT")
    badges = status_badges(FgdSession, testid="session-status")
    walk_ins = _e(_("Walk-ins"))
    rows = []
    for s in sessions:
        starts = timezone.localtime(s.starts_at)
        figures = s.figures
        theme = f'<div class="small text-body-secondary">{_e(s.theme)}</div>' if s.theme else ""
        region = f'<div class="small text-body-secondary">{_e(s.region)}</div>' if s.region_id else ""
        extra = (
            f' <span class="small text-body-secondary" title="{walk_ins}" data-testid="figure-walk-ins">'
            f"+{figures.walk_ins}</span>"
            if figures.walk_ins
            else ""
        )
        rows.append(
            f'<tr><td class="text-nowrap">{_e(date_text(starts))}<br>'
            f'<span class="small text-body-secondary">{_e(time_text(starts))}</span></td>'
            f'<td><a href="{detail(s.pk)}" class="fw-semibold">{_e(s.title)}</a>{theme}</td>'
            f'<td class="d-none d-md-table-cell">{_e(s.venue)}{region}</td>'
            f"<td>{badges[s.status] if s.status else ''}</td>"
            f'<td class="text-end" data-testid="figure-invited">{figures.invited}</td>'
            f'<td class="text-end"><span data-testid="figure-present">{figures.present}</span>{extra}</td>'
            f'<td class="text-end d-none d-sm-table-cell">{s.organizations_present}</td>'
            f'<td class="text-end d-none d-sm-table-cell" data-testid="figure-aspirations">{figures.aspirations}</td>'
            "</tr>"
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value from the database went through escape_text)
