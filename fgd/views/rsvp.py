"""The RSVP link in every FGD invitation: the invitee answers without an account.

The link is the proof (signed, naming the invitation and its stakeholder); a wrong or tampered one
finds nothing (404), one past the FGD's day is gone (410). The page names the invitee by their
first name only and the FGD by its title, date and place: nothing else about anyone.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.access import public_view
from core.errors import DomainError, show_on_form
from fgd.forms.public import RsvpForm
from fgd.models import Invitation
from fgd.services import notices
from fgd.services import sessions as services


def _invitation(token: str) -> Invitation | None:
    ids = notices.rsvp_token_ids(token)
    if ids is None:
        return None
    return (
        Invitation.objects.select_related("session", "stakeholder")
        .filter(pk=ids[0], stakeholder_id=ids[1], is_walk_in=False, stakeholder__erased_at__isnull=True)
        .first()
    )


def _page(request, invitation: Invitation | None, template_context: dict, status: int = 200) -> HttpResponse:
    context = {"invitation": invitation, **template_context}
    if invitation is not None:
        context |= {
            "session": invitation.session,
            "first_name": notices.first_name(invitation.stakeholder.name),
        }
    response = render(request, "fgd/public/rsvp.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    # The token is in the URL: the site's Referrer-Policy (same-origin) never passes it to another
    # site. Not "no-referrer": browsers then send "Origin: null" with the form and CSRF refuses it.
    return response


@public_view
@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest, token: str) -> HttpResponse:
    invitation = _invitation(token)
    if invitation is None:
        return _page(request, None, {"state": "invalid"}, status=404)
    if timezone.now() >= notices.rsvp_expires_at(invitation.session) or invitation.session.is_locked:
        return _page(request, invitation, {"state": "expired"}, status=410)
    if request.method == "GET" and request.GET.get("done") == "1" and invitation.responded_at:
        return _page(request, invitation, {"state": "done"})
    initial = {"answer": invitation.response, "delegate_name": invitation.delegate_name}
    form = RsvpForm(request.POST or None, initial=initial if invitation.responded_at else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_rsvp(
                invitation=invitation,
                answer=form.cleaned_data["answer"],
                delegate_name=form.cleaned_data["delegate_name"],
            )
        except DomainError as error:
            show_on_form(form, error)
        else:
            return redirect(f"{request.path}?done=1")
    return _page(request, invitation, {"state": "form", "form": form}, status=400 if form.errors else 200)
