import functools
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.formatting import format_number
from core.i18n import is_english
from core.templatetags.csrplan import escape_text as _e
from core.templatetags.csrplan import person

register = template.Library()
# The one `person` filter (csrplan's), offered here too for templates that load only this library.
register.filter("person", person)


@register.filter
def target_for(yearly_targets: dict, year) -> str:
    """{{ indicator.yearly_targets|target_for:2026 }} → "20" (or "–" without a target that year)."""
    value = (yearly_targets or {}).get(str(year))
    try:
        return format_number(Decimal(value)) if value not in (None, "") else "–"
    except InvalidOperation:
        return str(value)


@functools.lru_cache(maxsize=8192)
def _month_cells(months: tuple[bool, ...], yes: str) -> str:
    on = format_html('<td class="on"><span class="visually-hidden">{}</span></td>', yes)
    return mark_safe("".join(on if running else "<td></td>" for running in months))  # noqa: S308 (escaped above)


@register.filter
def month_cells(months) -> str:
    """The twelve cells of a schedule row in one call: `{{ row.months|month_cells }}`.

    A plan has hundreds of activities; twelve `{% if %}`s per row were most of the plan page's
    render time and 1 KB of HTML per row. The dot is CSS (`.schedule-grid td.on::before`), the
    word "yes" is there for screen readers; the 4,096 possible rows are built once per language.
    """
    return _month_cells(tuple(bool(m) for m in months), gettext("yes"))


@register.simple_tag
def unanswered_rows(rows, *, page_url: str, can_decide: bool):
    """The traceability page's table of unanswered aspirations (`plan_unanswered_rows`), built in Python.

    The table is what a request renders beside the cached sections; through the template engine its
    50 rows were most of the page's calls (issue 15). Every value from the database is escaped with
    `_e`; the "Decide" links are the page's address and the id (programs:traceability_row), not
    50 `reverse()` calls. programs/tests/test_traceability_rows.py compares it with the loop it replaced.
    """
    english = is_english()
    decide = gettext("Decide")
    out = []
    for row in rows:
        code = _e(row.tracking_code)
        category = row.category_name_en if english else row.category_name_id
        cells = (
            f"<tr><td><code>{code}</code> {_e(row.title)}</td>"
            f'<td class="small">{_e(row.region_name) if row.region_name else "–"}</td>'
            f'<td class="small">{_e(category) if category else "–"}</td>'
        )
        if can_decide:
            url = f"{page_url}{row.pk}/"
            cells += (
                f'<td><a class="btn btn-sm btn-outline-primary" href="{url}" data-hx-get="{url}"'
                f' data-hx-target="closest td" data-testid="decide-{row.pk}">{decide}'
                f'<span class="visually-hidden"> {code}</span></a></td>'
            )
        out.append(cells + "</tr>")
    return mark_safe("".join(out))  # noqa: S308 (every value from the database went through _e)
