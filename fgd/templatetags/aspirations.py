"""Template helpers of the aspiration pages: `{% load aspirations %}`."""

from django import template

register = template.Library()

# Bootstrap badge classes per status; all pass AA contrast with their text colour.
STATUS_BADGES = {
    "received": "text-bg-secondary",
    "under_review": "text-bg-info",
    "accepted": "text-bg-success",
    "deferred": "text-bg-warning",
    "declined": "text-bg-danger",
    "merged": "text-bg-light border",
    "planned": "text-bg-primary",
    "in_progress": "text-bg-primary",
    "done": "text-bg-dark",
}


@register.filter
def status_badge(status: str) -> str:
    return STATUS_BADGES.get(str(status), "text-bg-secondary")


@register.filter
def score(value) -> str:
    """A priority score (0–100) without false precision; "–" when not scored yet."""
    return "–" if value is None else f"{value:.0f}"
