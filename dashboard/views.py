from django.shortcuts import render

from core.access import public_view, user_role
from core.page_cache import cached_staff_page, page_changes_at

from .selectors import dashboard_context


@public_view
@cached_staff_page("dashboard")
def home(request):
    """The public landing page for visitors; the dashboard for staff."""
    if user_role(request.user) is None:
        return render(request, "landing.html")
    context = dashboard_context(user=request.user)
    if context["upcoming_sessions"]:  # when the next one starts, it leaves "upcoming" for the minutes to-do
        page_changes_at(request, context["upcoming_sessions"][0].starts_at)
    return render(request, "dashboard.html", context)
