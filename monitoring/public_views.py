"""Public pages (no login) that show the realisation's progress: "you said, we did" per FGD and the
approved plan. Here, not in `fgd` or `programs`, because they read monitoring's progress (the floors).
Never a name or contact data: the selectors hand over only what the public may read."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.access import public_view
from fgd.models import FgdSession
from fgd.selectors.aspirations import session_public

from . import selectors


@public_view
@require_GET
def fgd_outcomes(request, code: str):
    try:
        session = session_public(code=code)
    except FgdSession.DoesNotExist:
        raise Http404 from None
    return render(request, "monitoring/public/fgd_outcomes.html", {"o": selectors.session_outcomes(session=session)})


@public_view
@require_GET
def approved_plan(request):
    return render(request, "monitoring/public/plan.html", {"o": selectors.public_plan()})
