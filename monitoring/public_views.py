"""Public pages (no login) that show the realisation's progress: "you said, we did" per FGD and the
approved plan. Here, not in `fgd` or `programs`, because they read monitoring's progress (the floors).
Never a name or contact data: the selectors hand over only what the public may read."""

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from core.access import public_view
from core.page_cache import cached_public
from fgd.models import FgdSession
from fgd.selectors.aspirations import session_public

from . import selectors


@public_view
@require_GET
def fgd_outcomes(request, code: str):
    page = cached_public(f"fgd:{(code or '').strip().upper()}", lambda: _fgd_outcomes_page(request, code))
    if page is None:
        raise Http404
    return render(request, "monitoring/public/fgd_outcomes.html", {"page": page})


def _fgd_outcomes_page(request, code: str) -> dict | None:
    try:
        session = session_public(code=code)
    except FgdSession.DoesNotExist:
        return None
    outcomes = selectors.session_outcomes(session=session)
    body = render_to_string("monitoring/public/includes/fgd_outcomes_body.html", {"o": outcomes}, request)
    return {"title": session.title, "body": body}


@public_view
@require_GET
def approved_plan(request):
    body = cached_public(
        "plan",
        lambda: render_to_string("monitoring/public/includes/plan_body.html", {"o": selectors.public_plan()}, request),
    )
    return render(request, "monitoring/public/plan.html", {"body": body})
