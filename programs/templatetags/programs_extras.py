from decimal import Decimal, InvalidOperation

from django import template

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
