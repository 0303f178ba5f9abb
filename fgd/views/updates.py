"""The link in every message to a submitter: stop the updates (no login, signed, expiring).

GET only asks (a page with one button): mail scanners and link previews fetch links in e-mails,
and a GET that unsubscribed would stop people's updates without them knowing. The button POSTs,
and so do mail clients' own "unsubscribe" (RFC 8058 List-Unsubscribe-Post: One-Click)."""

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
    template = "fgd/public/updates_stopped.html"
    if aspiration is None:
        return render(request, template, {"valid": False}, status=404)
    context = {"valid": True, "code": aspiration.tracking_code}
    if request.method == "POST":
        notices.updates_stop(aspiration=aspiration)
        return render(request, template, {**context, "stopped": True})
    return render(request, template, {**context, "stopped": aspiration.updates_stopped_at is not None})
