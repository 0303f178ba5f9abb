"""Template helpers of the aspiration pages: `{% load aspirations %}`."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core.choices import Ring
from core.formatting import date_formatter, format_number
from core.i18n import is_english
from core.templatetags.csrplan import choice_labels, status_badge, url_for_pk
from core.templatetags.csrplan import escape_text as _e
from fgd.models import Aspiration

register = template.Library()


@register.filter
def score(value) -> str:
    """A priority score (0–100) without false precision; "–" when not scored yet."""
    return "–" if value is None else f"{value:.0f}"


@register.simple_tag
def aspiration_rows(aspirations, *, selectable: bool = False):
    """The triage queue's table rows (`QueueRow`s), built in Python rather than by a template loop.

    Fifty rows of nine cells through the template engine cost about 35,000 Python calls, half
    the page's time: variable look-ups, localisation, escaping, a `reverse()` per link. Here the
    labels, badges, the URL pattern and the date format are looked up once per page and every value
    from the database is escaped with `_e` (issue 15); the rows are tuples of the shown columns
    (fgd.selectors.aspirations.aspiration_queue_rows), not model instances. The header stays in
    fgd/aspirations/list.html; fgd/tests/test_aspiration_rows.py pins the markup.
    """
    detail = url_for_pk("aspirations:detail")
    pillars, sources = choice_labels(Aspiration, "pillar"), choice_labels(Aspiration, "source")
    rings = {ring.value: f' <span class="badge text-bg-light border">{_e(ring.label)}</span>' for ring in Ring}
    no_category, select_label = _e(_("No category")), _("Select %(code)s")
    english = is_english()
    draft = (
        ' <span class="badge text-bg-light border border-warning" data-testid="in-draft-program">'
        f"{_e(_('Linked to a draft program'))}</span>"
    )
    date_text = date_formatter("DATE_FORMAT")
    dates: dict = {}
    badges: dict = {}
    rows = []
    for a in aspirations:
        code = _e(a.tracking_code)
        category = a.category_name_en if english else a.category_name_id
        about = no_category if a.category_name_id is None else _e(category)
        if a.pillar:
            about += " · " + _e(pillars.get(a.pillar, a.pillar))
        if a.merged_into_code is not None:
            about += " · " + _e(_("merged into %(code)s") % {"code": a.merged_into_code})
        session = (
            f'<div class="text-body-secondary text-truncate session-name-cell">{_e(a.session_title)}</div>'
            if a.session_title is not None
            else ""
        )
        ring = a.region_ring or a.parent_ring
        day = timezone.localtime(a.created_at).date()
        if day not in dates:
            dates[day] = _e(date_text(day))
        if a.status not in badges:
            badges[a.status] = status_badge(Aspiration.Status(a.status))
        select = (
            f'<td><input class="form-check-input" type="checkbox" name="ids" value="{a.pk}" id="select-{a.pk}"'
            f' aria-label="{_e(select_label % {"code": a.tracking_code})}"></td>'
            if selectable
            else ""
        )
        rows.append(
            f'<tr data-testid="aspiration-row">{select}'
            f'<td class="font-monospace small text-nowrap d-none d-md-table-cell">{code}</td>'
            f'<td><a href="{detail(a.pk)}">{_e(a.title)}</a><div class="small text-body-secondary">'
            f'<span class="font-monospace d-md-none">{code} · </span>{about}</div></td>'
            f"<td>{badges[a.status]}{draft if a.in_draft_program else ''}</td>"
            f'<td class="text-end fw-semibold" data-testid="priority">{score(a.priority_score)}</td>'
            f'<td class="text-end d-none d-sm-table-cell">{format_number(a.supporters)}</td>'
            f'<td class="small d-none d-md-table-cell">{_e(sources.get(a.source, a.source))}{session}</td>'
            f'<td class="small d-none d-lg-table-cell">{"–" if a.region_name is None else _e(a.region_name)}'
            f"{rings[ring] if ring else ''}</td>"
            f'<td class="small text-nowrap d-none d-md-table-cell">{dates[day]}</td></tr>'
        )
    return mark_safe("".join(rows))  # noqa: S308 (every value from the database went through _e)
