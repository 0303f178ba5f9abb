from decimal import Decimal, InvalidOperation

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def target_for(yearly_targets: dict, year) -> str:
    """{{ indicator.yearly_targets|target_for:2026 }} → "20" (or "–" without a target that year)."""
    value = (yearly_targets or {}).get(str(year))
    try:
        return floatformat(Decimal(value), "-2g") if value not in (None, "") else "–"
    except InvalidOperation:
        return str(value)


@register.filter
def person(user) -> str:
    """{{ plan.approved_by|person }} → "Dodi Yapsenang" (the username without a full name, "–" for nobody)."""
    if user is None:
        return "–"
    return user.get_full_name() or user.username
