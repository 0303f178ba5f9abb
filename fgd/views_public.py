"""Public pages (no login): the aspiration form, the confirmation with the tracking code, tracking."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from csrplan.access import public_view
from stakeholders.services import PRIVACY_NOTICE_VERSION

from . import spam
from .forms_public import PublicAspirationForm, TrackForm
from .models import Aspiration, FgdSession
from .selectors import aspiration_public_status, aspiration_similar
from .services import aspiration_submit_public, normalise_tracking_code

SUBMITTED_SESSION_KEY = "fgd_submitted_aspiration"


def _tagged_session(code: str) -> FgdSession | None:
    code = (code or "").strip()
    return FgdSession.objects.filter(public_code__iexact=code).first() if code else None


def _render_form(request, form, *, fgd_session=None, error: str = "", status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "fgd_session": fgd_session,
        "rejection": error,
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        "max_upload": settings.UPLOAD_MAX_BYTES,
    }
    return render(request, "fgd/public/submit.html", context, status=status)


def _rejection(request, data) -> tuple[str, int] | None:
    """Why a post is refused before validation (honeypot, too fast, rate limit), or None."""
    if data.get("website"):
        return _("Your aspiration could not be sent. Please leave the field “Leave this field empty” empty."), 400
    elapsed = spam.seconds_since_render(data.get("rendered_at", ""))
    if elapsed is None:
        return _("This form was open for too long or has expired. Please check your aspiration and send it again."), 400
    if elapsed < settings.PUBLIC_FORM_MIN_SECONDS:
        return _("That was faster than a person can type. Please check your aspiration and press Send again."), 400
    if spam.rate_limit_reached(spam.client_ip(request)):
        return (
            _(
                "Many aspirations have been sent from this connection in the past hour. "
                "Please try again in an hour, or contact the CSR office."
            ),
            429,
        )
    return None


@public_view
def submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        fgd_session = _tagged_session(request.GET.get("session", ""))
        initial = {"rendered_at": spam.signed_render_time(), "session": fgd_session.public_code if fgd_session else ""}
        return _render_form(request, PublicAspirationForm(initial=initial), fgd_session=fgd_session)

    fgd_session = _tagged_session(request.POST.get("session", ""))
    rejection = _rejection(request, request.POST)
    if rejection:
        # Nothing is stored; the form comes back with what was typed and a fresh render time.
        data = request.POST.copy()
        data["rendered_at"] = spam.signed_render_time()
        data["website"] = ""
        message, status = rejection
        return _render_form(request, PublicAspirationForm(data), fgd_session=fgd_session, error=message, status=status)

    form = PublicAspirationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, form, fgd_session=fgd_session)
    fields = form.aspiration_fields()
    fields["session"] = fgd_session
    aspiration = aspiration_submit_public(
        fields=fields, consent=form.cleaned_data["consent"], attachment=form.cleaned_data.get("attachment")
    )
    spam.count_attempt(spam.client_ip(request))
    request.session[SUBMITTED_SESSION_KEY] = aspiration.tracking_code
    return redirect("aspirations:submitted")


@public_view
@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    code = request.session.get(SUBMITTED_SESSION_KEY)
    aspiration = Aspiration.objects.filter(tracking_code=code).first() if code else None
    if aspiration is None:
        return redirect("aspirations:submit")
    context = {
        "tracking_code": aspiration.tracking_code,
        "track_url": request.build_absolute_uri(reverse("aspirations:track_detail", args=[aspiration.tracking_code])),
        "similar": aspiration_similar(title=aspiration.title, exclude_pk=aspiration.pk, public=True, limit=3),
    }
    return render(request, "fgd/public/submitted.html", context)


@public_view
@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """htmx partial under the title field: similar aspirations staff have already taken up."""
    items = aspiration_similar(title=request.GET.get("title", ""), public=True, limit=3)
    return render(request, "fgd/public/includes/similar.html", {"similar": items})


@public_view
@require_GET
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = normalise_tracking_code(form.cleaned_data["code"])
        response = _track_lookup(request, form, code)
        if response is None:
            return redirect("aspirations:track_detail", code=code)
        return response
    return render(request, "fgd/public/track.html", {"form": form})


def _track_lookup(request, form, code: str) -> HttpResponse | None:
    """None when the code exists; otherwise the form again with an explanation."""
    ip = spam.client_ip(request)
    if spam.rate_limit_reached(ip, kind="track-failures"):
        form.add_error("code", _("Too many codes were tried from this connection. Please try again in an hour."))
        return render(request, "fgd/public/track.html", {"form": form}, status=429)
    if code and Aspiration.objects.filter(tracking_code=code).exists():
        return None
    spam.count_attempt(ip, kind="track-failures")
    if not code:
        form.add_error("code", _("A tracking code looks like ASP-7K3Q-XM2P: three letters and eight characters."))
    else:
        form.add_error("code", _("We could not find %(code)s. Please check the code and try again.") % {"code": code})
    return render(request, "fgd/public/track.html", {"form": form}, status=404)


@public_view
@require_GET
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    normalised = normalise_tracking_code(code)
    if normalised and normalised != code:
        return redirect("aspirations:track_detail", code=normalised)
    form = TrackForm({"code": code})
    form.is_valid()
    response = _track_lookup(request, form, normalised)
    if response is not None:
        return response
    status = aspiration_public_status(tracking_code=normalised)
    return render(request, "fgd/public/track_detail.html", {"status": status})
