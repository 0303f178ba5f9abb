from django.shortcuts import render

from core.access import public_view, user_role

from .selectors import dashboard_context


@public_view
def home(request):
    """The public landing page for visitors; the dashboard for staff."""
    if user_role(request.user) is None:
        return render(request, "landing.html")
    return render(request, "dashboard.html", dashboard_context(user=request.user))
