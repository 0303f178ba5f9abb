"""The one-click link in every message to a submitter: stop the updates (no login, signed, expiring)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.access import public_view
from fgd.models import Aspiration
from fgd.services import notices


@public_view
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a form; the token is the proof
@require_http_methods(["GET", "POST"])
def stop_updates(request: HttpRequest, token: str) -> HttpResponse:
    pk = notices.stop_token_aspiration_pk(token)
    aspiration = Aspiration.objects.filter(pk=pk).first() if pk is not None else None
    if aspiration is None:
        return render(request, "fgd/public/updates_stopped.html", {"valid": False}, status=404)
    notices.updates_stop(aspiration=aspiration)
    return render(request, "fgd/public/updates_stopped.html", {"valid": True, "code": aspiration.tracking_code})
