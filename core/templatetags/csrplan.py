from django import template

from core.access import Role, has_role
from core.formatting import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount):
    """{{ program.budget|rupiah }} → Rp 1.250.000.000 (IDR 1,250,000,000 in English)."""
    return format_rupiah(amount)


@register.filter
def role_at_least(user, role_value: str) -> bool:
    """{% if user|role_at_least:"officer" %} … {% endif %}"""
    return has_role(user, Role(role_value))
