"""Template helpers of the aspiration pages: `{% load aspirations %}`."""

from django import template

register = template.Library()


@register.filter
def score(value) -> str:
    """A priority score (0–100) without false precision; "–" when not scored yet."""
    return "–" if value is None else f"{value:.0f}"
