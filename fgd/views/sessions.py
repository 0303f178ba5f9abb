"""Views of the FGD session pages: thin, they read the request, call one service or selector, render."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.access import Role, public_view, role_required
from core.errors import DomainError, flash, show_on_form
from core.page_cache import cached_staff_page, page_changes_at
from fgd.forms.sessions import (
    AttachmentForm,
    AttendanceFormSet,
    CaptureForm,
    InviteFilterForm,
    MinutesForm,
    ReopenForm,
    SessionForm,
    WalkInForm,
)
from fgd.models import AspirationCategory, Attachment, FgdSession, Invitation
from fgd.qr import public_form_url, qr_svg, short_url
from fgd.selectors import sessions as selectors
from fgd.services import sessions as services
from fgd.uploads import private_file_response
from stakeholders.models import Stakeholder


def _refuse(request, error: DomainError, session: FgdSession):
    flash(request, error)
    return redirect(session)


def _get_session(pk: int) -> FgdSession:
    return get_object_or_404(FgdSession, pk=pk)


# --- List, detail, create, edit -------------------------------------------------------------


@role_required(Role.VIEWER)
@cached_staff_page("fgd-sessions")
def session_list(request):
    search = request.GET.get("q", "").strip()[:100]
    minutes_pending = request.GET.get("minutes") == "pending"
    sessions = selectors.session_list(search=search, minutes_pending=minutes_pending)
    context = {"sessions": sessions, "search": search, "minutes_pending": minutes_pending}
    next_start = sessions.next_start
    if next_start:  # then that session moves from "upcoming" to the past (and the minutes to-do)
        page_changes_at(request, next_start)
    return render(request, "fgd/sessions/list.html", context)


def _detail_context(request, page: selectors.SessionPage, capture_form: CaptureForm | None = None) -> dict:
    categories = list(AspirationCategory.objects.all())
    session = page.session
    return {
        "page": page,
        "session": session,
        "capture_form": capture_form or CaptureForm(participants=page.participants, categories=categories),
        "attachment_form": AttachmentForm(),
        "reopen_form": ReopenForm(),
        "public_url": public_form_url(request, session),
        "short_url": short_url(request, session),
    }


@role_required(Role.VIEWER)
@cached_staff_page("fgd-session")
def session_detail(request, pk: int):
    try:
        page = selectors.session_page(pk=pk)
    except FgdSession.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "fgd/sessions/detail.html", _detail_context(request, page))


@role_required(Role.OFFICER)
def session_create(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(created_by=request.user, **form.cleaned_data)
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("The FGD was created. Now invite the stakeholders."))
            return redirect(session)
    return render(request, "fgd/sessions/form.html", {"form": form, "session": None})


@role_required(Role.OFFICER)
def session_edit(request, pk: int):
    session = _get_session(pk)
    if session.is_locked:
        return _refuse(request, services.SessionLocked(), session)
    form = SessionForm(request.POST or None, instance=FgdSession.objects.get(pk=pk))
    saved = _save_session(request, session, form, _("The FGD was saved."), _session_url(session))
    return saved or render(request, "fgd/sessions/form.html", {"form": form, "session": session})


@role_required(Role.OFFICER)
def session_minutes(request, pk: int):
    session = _get_session(pk)
    if session.is_locked:
        return _refuse(request, services.SessionLocked(), session)
    form = MinutesForm(request.POST or None, instance=FgdSession.objects.get(pk=pk))
    saved = _save_session(request, session, form, _("The minutes were saved."), f"{_session_url(session)}#minutes")
    return saved or render(request, "fgd/sessions/minutes_form.html", {"form": form, "session": session})


def _session_url(session: FgdSession) -> str:
    return session.get_absolute_url()


def _save_session(request, session: FgdSession, form, success: str, then: str) -> HttpResponse | None:
    """Saves a valid POSTed form onto the session; None while the form is to be shown (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        services.session_update(session=session, **form.cleaned_data)
    except DomainError as error:
        return _refuse(request, error, session)
    messages.success(request, success)
    return redirect(then)


# --- Status: held, final, reopened --------------------------------------------------------------


@role_required(Role.OFFICER)
@require_POST
def session_mark_held(request, pk: int):
    session = _get_session(pk)
    try:
        services.session_mark_held(session=session, by=request.user)
    except DomainError as error:
        return _refuse(request, error, session)
    messages.success(request, _("The FGD is marked as held. Record the attendance and the minutes."))
    return redirect(session)


@role_required(Role.OFFICER)
@require_POST
def session_finalise(request, pk: int):
    session = _get_session(pk)
    try:
        services.session_finalise_minutes(session=session, by=request.user)
    except DomainError as error:
        return _refuse(request, error, session)
    messages.success(request, _("The minutes are final. The record is now locked."))
    return redirect(session)


@role_required(Role.MANAGER)
@require_POST
def session_reopen(request, pk: int):
    session = _get_session(pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening the minutes."))
        return redirect(session)
    try:
        services.session_reopen(session=session, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        return _refuse(request, error, session)
    messages.success(request, _("The minutes were reopened; the record can be changed again."))
    return redirect(session)


# --- Invitations, attendance, walk-ins -------------------------------------------------------------


def _invite_filters(form: InviteFilterForm) -> selectors.InviteFilters:
    if not form.is_valid():
        return selectors.InviteFilters()
    data = form.cleaned_data
    return selectors.InviteFilters(
        type=data["type"],
        region=data["region"],
        ring=data["ring"],
        quadrant=data["quadrant"],
        search=data["q"].strip(),
    )


@role_required(Role.OFFICER)
def session_invite(request, pk: int):
    session = _get_session(pk)
    if session.is_locked:
        return _refuse(request, services.SessionLocked(), session)
    source = request.POST if request.method == "POST" else request.GET
    filter_form = InviteFilterForm(source)
    candidates = selectors.stakeholder_invite_candidates(session=session, filters=_invite_filters(filter_form))
    if request.method == "POST" and not filter_form.is_valid():
        # Never invite "all matching" with filters that were not understood: that could mean everyone.
        messages.error(request, _("The filters are not valid; no one was invited."))
        return redirect("fgd:invite", pk=session.pk)
    if request.method == "POST":
        if request.POST.get("all_matching"):
            chosen = candidates.filter(already_invited=False)
        else:
            ids = [int(v) for v in request.POST.getlist("stakeholder") if v.isdigit()]
            chosen = candidates.filter(pk__in=ids)
        try:
            added = services.session_invite(session=session, stakeholders=list(chosen))
        except DomainError as error:
            return _refuse(request, error, session)
        if added:
            messages.success(
                request,
                ngettext("%(count)d stakeholder invited.", "%(count)d stakeholders invited.", added) % {"count": added},
            )
        else:
            messages.warning(request, _("No one was invited: tick the stakeholders to invite first."))
            query = urlencode({k: v for k, v in request.POST.items() if k in filter_form.fields})
            return redirect(reverse("fgd:invite", kwargs={"pk": session.pk}) + (f"?{query}" if query else ""))
        return redirect(session.get_absolute_url() + "#participants")
    rows = list(candidates)
    quadrants = dict(Stakeholder.Quadrant.choices)  # a GeneratedField gets no get_quadrant_display()
    for row in rows:
        row.quadrant_label = quadrants.get(row.quadrant, "")
    context = {
        "session": session,
        "filter_form": filter_form,
        "candidates": rows,
        "not_invited": sum(1 for r in rows if not r.already_invited),
    }
    return render(request, "fgd/sessions/invite.html", context)


@role_required(Role.OFFICER)
def session_attendance(request, pk: int):
    session = _get_session(pk)
    if session.is_locked:
        return _refuse(request, services.SessionLocked(), session)
    queryset = selectors.session_invitations_for_attendance(session=session)
    formset = AttendanceFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        changed = [form.instance for form in formset.forms if form.has_changed()]
        try:
            services.session_attendance_record(session=session, invitations=changed, by=request.user)
        except DomainError as error:
            return _refuse(request, error, session)
        messages.success(request, _("Responses and attendance were saved."))
        return redirect(session.get_absolute_url() + "#participants")
    return render(request, "fgd/sessions/attendance.html", {"session": session, "formset": formset})


@role_required(Role.OFFICER)
def session_walk_in(request, pk: int):
    session = _get_session(pk)
    if session.is_locked:
        return _refuse(request, services.SessionLocked(), session)
    form = WalkInForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.session_walk_in_add(session=session, by=request.user, **form.cleaned_data)
        except DomainError as error:
            if not error.field:
                return _refuse(request, error, session)
            show_on_form(form, error)
        else:
            messages.success(request, _("%(name)s was added as present.") % {"name": invitation.stakeholder.name})
            if request.POST.get("another"):
                return redirect("fgd:walk_in", pk=session.pk)
            return redirect(session.get_absolute_url() + "#participants")
    return render(request, "fgd/sessions/walk_in.html", {"session": session, "form": form})


@role_required(Role.OFFICER)
@require_POST
def invitation_remove(request, pk: int, invitation_pk: int):
    invitation = get_object_or_404(
        Invitation.objects.select_related("session", "stakeholder"), pk=invitation_pk, session_id=pk
    )
    try:
        services.invitation_remove(invitation=invitation)
    except DomainError as error:
        return _refuse(request, error, invitation.session)
    messages.success(request, _("The invitation of %(name)s was removed.") % {"name": invitation.stakeholder.name})
    return redirect(reverse("fgd:detail", kwargs={"pk": pk}) + "#participants")


# --- Attachments -------------------------------------------------------------------------------------


@role_required(Role.OFFICER)
def attachment_upload(request, pk: int):
    session = _get_session(pk)
    if session.is_locked:
        return _refuse(request, services.SessionLocked(), session)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                session=session,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except services.SessionLocked as error:
            return _refuse(request, error, session)
        except DomainError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(session.get_absolute_url() + "#attachments")
    status = 400 if request.method == "POST" else 200
    context = {"session": session, "form": form, "upload_limit": settings.UPLOAD_MAX_BYTES}
    return render(request, "fgd/sessions/attachment_form.html", context, status=status)


@role_required(Role.OFFICER)
def attachment_download(request, pk: int):
    """Streams a private file; there is no public URL for it."""
    attachment = get_object_or_404(Attachment, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return private_file_response(
        handle,
        content_type=attachment.content_type,
        name=attachment.original_name,
        inline=request.GET.get("inline") == "1",
    )


@role_required(Role.OFFICER)
@require_POST
def attachment_delete(request, pk: int):
    attachment = get_object_or_404(Attachment.objects.select_related("session"), pk=pk)
    try:
        services.attachment_delete(attachment=attachment)
    except DomainError as error:
        return _refuse(request, error, attachment.session)
    messages.success(request, _("The file was removed."))
    return redirect(reverse("fgd:detail", kwargs={"pk": attachment.session_id}) + "#attachments")


# --- Fast capture ------------------------------------------------------------------------------------


@role_required(Role.OFFICER)
@require_POST
def session_capture(request, pk: int):
    """Records one aspiration; htmx gets the capture block back (fresh form + list), others a redirect."""
    session = _get_session(pk)
    page = selectors.session_page(pk=pk)
    categories = list(AspirationCategory.objects.all())
    form = CaptureForm(request.POST, participants=page.participants, categories=categories)
    captured = None
    if form.is_valid():
        stakeholder, organization = selectors.session_participant_lookup(
            session=session, value=form.cleaned_data["who"]
        )
        try:
            captured = services.session_aspiration_capture(
                session=session,
                by=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                stakeholder=stakeholder,
                organization=organization,
                category=form.cleaned_data["category"],
                pillar=form.cleaned_data["pillar"],
                region=form.cleaned_data["region"],
            )
        except services.SessionLocked as error:
            if not request.htmx:
                return _refuse(request, error, session)
            show_on_form(form, error)
        except DomainError as error:
            show_on_form(form, error)
    if captured and not request.htmx:
        messages.success(
            request, _("Recorded %(code)s: %(title)s") % {"code": captured.tracking_code, "title": captured.title}
        )
        return redirect(reverse("fgd:detail", kwargs={"pk": pk}) + "#capture")
    if captured:
        page = selectors.session_page(pk=pk)
        # The speaker is chosen again for each aspiration: in a fast-moving room a speaker kept from the
        # previous capture would attribute the next one to the wrong person (and place).
        form = CaptureForm(participants=page.participants, categories=categories)
        form.fields["who"].widget.attrs["autofocus"] = True
    context = _detail_context(request, page, capture_form=form)
    context["captured"] = captured
    if request.htmx:
        # htmx swaps only 2xx answers: errors come back as 200 with the form showing them.
        return render(request, "fgd/sessions/includes/capture.html", context)
    return render(request, "fgd/sessions/detail.html", context, status=400)


# --- QR code and short link ------------------------------------------------------------------------------


@role_required(Role.VIEWER)
def session_qr(request, pk: int):
    session = _get_session(pk)
    context = {
        "session": session,
        "company_name": settings.COMPANY_NAME,
        "qr_svg": qr_svg(public_form_url(request, session), scale=8),
        "public_url": public_form_url(request, session),
        "short_url": short_url(request, session),
    }
    return render(request, "fgd/sessions/qr.html", context)


@role_required(Role.VIEWER)
def session_qr_svg(request, pk: int):
    session = _get_session(pk)
    response = HttpResponse(
        qr_svg(public_form_url(request, session), scale=10, inline=False), content_type="image/svg+xml"
    )
    response["Content-Disposition"] = f'attachment; filename="fgd-{session.public_code}-qr.svg"'
    return response


@public_view
def session_short_link(request, code: str):
    """The short link people type from a poster: /fgd/s/<code>/ → the public form tagged with the session."""
    session = get_object_or_404(FgdSession, public_code=code.strip().upper())
    return redirect(f"{reverse('aspirations:submit')}?{urlencode({'session': session.public_code})}")


# --- Invitations by the outbox, receipt slips ------------------------------------------------------


@role_required(Role.OFFICER)
@require_POST
def session_send_invitations(request, pk: int):
    session = _get_session(pk)
    try:
        result = services.session_invitations_send(session=session)
    except DomainError as error:
        return _refuse(request, error, session)
    if result.sent:
        messages.success(
            request,
            ngettext("%(count)d invitation is on its way.", "%(count)d invitations are on their way.", result.sent)
            % {"count": result.sent},
        )
    if result.unreachable:
        messages.warning(
            request,
            ngettext(
                "%(count)d invitee has no contact data with consent: invite them another way.",
                "%(count)d invitees have no contact data with consent: invite them another way.",
                result.unreachable,
            )
            % {"count": result.unreachable},
        )
    if not result.sent and not result.unreachable:
        messages.info(request, _("Every invitee was sent an invitation already."))
    return redirect(session.get_absolute_url() + "#participants")


@role_required(Role.OFFICER)
def session_slips(request, pk: int):
    """A printable receipt slip per participant: their aspirations' codes, tracking link and QR code."""
    session = _get_session(pk)
    slips = selectors.session_slips(session=session)
    for slip in slips:
        for item in slip.items:
            item.qr = qr_svg(item.url, scale=3)
    context = {"session": session, "slips": slips, "company_name": settings.COMPANY_NAME}
    return render(request, "fgd/sessions/slips.html", context)
