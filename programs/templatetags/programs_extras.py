import functools
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.formatting import format_number
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
