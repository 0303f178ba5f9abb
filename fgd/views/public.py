"""Public pages (no login): the aspiration form, the confirmation with the tracking code, tracking."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.access import public_view
from core.http import client_ip
from core.middleware import declared_body_length, refuses_before_reading
from core.page_cache import cached_public
from fgd.forms.public import PublicAspirationForm, TrackForm
from fgd.models import Aspiration, FgdSession
from fgd.selectors.aspirations import aspiration_public_status, aspiration_similar
from fgd.services import public as spam
from fgd.services.aspirations import aspiration_submit_public, normalise_tracking_code
from stakeholders.services import PRIVACY_NOTICE_VERSION

# Form fields besides the attachment never come near this. A post a little over the attachment
# limit is read, so the form can say which field is wrong and keep the text; one over twice the
# limit is refused before its body is read.
FORM_FIELDS_ALLOWANCE = 256 * 1024


def _tagged_session(code: str) -> FgdSession | None:
    code = (code or "").strip()
    return FgdSession.objects.filter(public_code__iexact=code).first() if code else None


def _render_form(request, form, *, fgd_session=None, error: str = "", status: int = 200) -> HttpResponse:
    """`form` None: the blank form of a GET, whose fields come from the cached fragment and whose two
    hidden inputs the template writes itself (building the form object would cost more than the
    rest of the page)."""
    context = {
        "form": form,
        "rendered_at": spam.signed_render_time() if form is None else "",
        "session_code": fgd_session.public_code if fgd_session else "",
        # The template calls it, so a blank form is built only when the cached fields are rendered afresh.
        "blank_form": PublicAspirationForm,
        "fgd_session": fgd_session,
        "rejection": error,
        "privacy_notice_version": PRIVACY_NOTICE_VERSION,
        "max_upload": settings.UPLOAD_MAX_BYTES,
    }
    return render(request, "fgd/public/submit.html", context, status=status)


def _rate_limited_message() -> str:
    return _(
        "Many aspirations have been sent from this connection in the past hour. "
        "Please try again in an hour, or contact the CSR office."
    )


def _refusal_before_reading(request) -> HttpResponse | None:
    """Refuses an oversized post, or a large one from an address over its limit, unread.

    Touching request.POST reads the whole body to disk; a small post over the limit is still
    read, so the form can come back with what was typed.
    """
    declared = declared_body_length(request)
    fgd_session = _tagged_session(request.GET.get("session", ""))
    form = PublicAspirationForm(initial={"rendered_at": spam.signed_render_time()})
    if declared > 2 * settings.UPLOAD_MAX_BYTES + FORM_FIELDS_ALLOWANCE:
        message = _("The attachment is too large: photos and PDFs may be up to %(limit)s.") % {
            "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
        }
        return _render_form(request, form, fgd_session=fgd_session, error=message, status=413)
    # Only the query string is read here (the form posts to ?session=<code> when tagged).
    if declared > FORM_FIELDS_ALLOWANCE and spam.rate_limit_reached(client_ip(request), session=fgd_session):
        return _render_form(request, form, fgd_session=fgd_session, error=_rate_limited_message(), status=429)
    return None


def _rejection(request, data, fgd_session) -> tuple[str, int] | None:
    """Why a post is refused before validation (honeypot, too fast, rate limit), or None."""
    if data.get("website"):
        return _("Your aspiration could not be sent. Please leave the field “Leave this field empty” empty."), 400
    elapsed = spam.seconds_since_render(data.get("rendered_at", ""))
    if elapsed is None:
        return _("This form was open for too long or has expired. Please check your aspiration and send it again."), 400
    if elapsed < settings.PUBLIC_FORM_MIN_SECONDS:
        return _("That was faster than a person can type. Please check your aspiration and press Send again."), 400
    if spam.rate_limit_reached(client_ip(request), session=fgd_session):
        return _rate_limited_message(), 429
    return None


@public_view
@refuses_before_reading(_refusal_before_reading)
def submit(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render_form(request, None, fgd_session=_tagged_session(request.GET.get("session", "")))

    fgd_session = _tagged_session(request.POST.get("session", ""))
    rejection = _rejection(request, request.POST, fgd_session)
    if rejection:
        message, status = rejection
        return _form_again(request, fgd_session=fgd_session, error=message, status=status)

    form = PublicAspirationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, form, fgd_session=fgd_session)
    # The allowance is taken atomically just before the insert: parallel posts cannot overshoot.
    if not spam.take_slot(client_ip(request), session=fgd_session):
        return _form_again(request, fgd_session=fgd_session, error=_rate_limited_message(), status=429)
    fields = form.aspiration_fields()
    fields["session"] = fgd_session
    aspiration = aspiration_submit_public(
        fields=fields, consent=form.cleaned_data["consent"], attachment=form.cleaned_data.get("attachment")
    )
    # The code travels signed in the URL: a session write after the commit could fail (database
    # restart) and show an error page for an aspiration that was stored.
    return redirect(f"{reverse('aspirations:submitted')}?receipt={spam.signed_receipt(aspiration.tracking_code)}")


def _form_again(request, *, fgd_session, error: str, status: int) -> HttpResponse:
    """Nothing is stored; the form comes back with what was typed and a fresh render time."""
    data = request.POST.copy()
    data["rendered_at"] = spam.signed_render_time()
    data["website"] = ""
    return _render_form(request, PublicAspirationForm(data), fgd_session=fgd_session, error=error, status=status)


@public_view
@require_GET
def submitted(request: HttpRequest) -> HttpResponse:
    code = spam.receipt_code(request.GET.get("receipt", ""))
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
    refused = _track_refused(request, form)
    if refused is not None:
        return refused
    if code and Aspiration.objects.filter(tracking_code=code).exists():
        return None
    return _track_not_found(request, form, code)


def _track_refused(request, form) -> HttpResponse | None:
    """The form again (429) when this connection has tried too many unknown codes, else None."""
    if spam.rate_limit_reached(client_ip(request), kind="track-failures"):
        form.add_error("code", _("Too many codes were tried from this connection. Please try again in an hour."))
        return render(request, "fgd/public/track.html", {"form": form}, status=429)
    return None


def _track_not_found(request, form, code: str) -> HttpResponse:
    spam.count_attempt(client_ip(request), kind="track-failures")
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
    # The allowance is checked before the look-up (a blocked connection learns nothing), and the
    # look-up is the page's own query: no separate "does it exist" query first.
    refused = _track_refused(request, form)
    if refused is not None:
        return refused
    body = cached_public(f"track:{normalised}", lambda: _track_body(request, normalised)) if normalised else None
    if body is None:
        return _track_not_found(request, form, normalised)
    return render(request, "fgd/public/track_detail.html", {"code": normalised, "body": body})


def _track_body(request, code: str) -> str | None:
    status = aspiration_public_status(tracking_code=code)
    if status is None:
        return None
    return render_to_string("fgd/public/includes/track_body.html", {"status": status}, request)
