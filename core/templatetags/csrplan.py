from django import template

from core.access import Role, has_role, user_display_name
from core.formatting import format_number, format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ program.budget|rupiah }} → Rp 1.250.000.000 (IDR 1,250,000,000 in English)."""
    return format_rupiah(amount)


@register.filter
def number(value):
    """{{ indicator.target|number }} → 1.200,5 (1,200.5 in English); "–" for none."""
    return format_number(value)


@register.filter
def role_at_least(user, role_value: str) -> bool:
    """{% if user|role_at_least:"officer" %} … {% endif %}"""
    return has_role(user, Role(role_value))


@register.filter
def person(user) -> str:
    """{{ plan.approved_by|person }} → "Dodi Yapsenang" (the username without a full name, "–" for nobody)."""
    return user_display_name(user, default="–")
