"""An honest "coming soon" page for screens that are not built yet, guarded like the rest."""

from django.shortcuts import render

from .access import Role, public_view, role_required


def coming_soon(title: str, minimum: Role | None = Role.VIEWER):
    def view(request, **kwargs):
        return render(request, "coming_soon.html", {"title": title})

    return public_view(view) if minimum is None else role_required(minimum)(view)
