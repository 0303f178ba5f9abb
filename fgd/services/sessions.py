"""Changes of state of FGD sessions: the record, status and lock, invitations, attendance, attachments.

Every write to a session goes through `_ensure_unlocked`: once the minutes are final, the record is
locked and only a manager's `session_reopen` (recorded as a SessionEvent) opens it again.
"""

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from fgd.models import Aspiration, Attachment, FgdSession, Invitation, SessionEvent
from fgd.selectors.sessions import speaker_region
from fgd.services import notices
from fgd.services.aspirations import TRACKING_ALPHABET, aspiration_create
from fgd.uploads import EXTENSIONS, validate_upload
from stakeholders.models import Engagement, Organization, Region, Stakeholder
from stakeholders.services import organization_get_or_create, stakeholder_save

Status = FgdSession.Status
PUBLIC_CODE_LENGTH = 6
# Channel recorded with the consent of a walk-in who gives a phone number (UU PDP 27/2022).
WALK_IN_CONSENT_CHANNEL = "FGD walk-in"


class SessionError(DomainError):
    """A refused change to an FGD session."""


class SessionLocked(SessionError):
    """Raised by any write to a session whose minutes are final."""

    def __init__(self):
        super().__init__(
            _("The minutes of this FGD are final, so its record is locked. A manager can reopen it."),
            code="locked",
        )


def _ensure_unlocked(session: FgdSession) -> None:
    if session.is_locked:
        raise SessionLocked()


def _lock_row(session: FgdSession) -> FgdSession:
    """Reads the session again under a row lock, so two people cannot change its status at once."""
    current = FgdSession.objects.select_for_update().get(pk=session.pk)
    _ensure_unlocked(current)
    return current


def new_public_code() -> str:
    """Six characters of the tracking alphabet (no 0/O, 1/I/L): short enough to type from a whiteboard."""
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(PUBLIC_CODE_LENGTH))
        if not FgdSession.objects.filter(public_code=code).exists():
            return code


# --- The session record ---------------------------------------------------------------


@transaction.atomic
def session_create(*, created_by, **fields) -> FgdSession:
    session = FgdSession(public_code=new_public_code(), created_by=created_by, **fields)
    session.full_clean()
    session.save()
    SessionEvent.objects.create(session=session, action=SessionEvent.Action.CREATED, actor=created_by)
    return session


SESSION_EDITABLE_FIELDS = (
    "title",
    "theme",
    "starts_at",
    "venue",
    "region",
    "facilitators",
    "organiser",
    "agenda",
)
MINUTES_FIELDS = ("summary", "discussion_points", "agreements")


@transaction.atomic
def session_update(*, session: FgdSession, **fields) -> FgdSession:
    """Changes the record (details or minutes); refused when locked."""
    current = _lock_row(session)
    allowed = set(SESSION_EDITABLE_FIELDS) | set(MINUTES_FIELDS)
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{name} cannot be changed here")
        setattr(current, name, value)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def session_mark_held(*, session: FgdSession, by) -> FgdSession:
    current = _lock_row(session)
    if current.status != Status.PLANNED:
        raise SessionError(_("Only a planned FGD can be marked as held."), code="status")
    current.status = Status.HELD
    current.save(update_fields=["status", "updated_at"])
    SessionEvent.objects.create(session=current, action=SessionEvent.Action.HELD, actor=by)
    return current


@transaction.atomic
def session_finalise_minutes(*, session: FgdSession, by) -> FgdSession:
    """Held → minutes final: the record is locked from now on."""
    current = _lock_row(session)
    if current.status != Status.HELD:
        raise SessionError(_("Mark the FGD as held before finalising its minutes."), code="status")
    if not current.summary.strip():
        raise SessionError(_("Write the summary of the minutes before finalising them."), code="summary")
    current.status = Status.MINUTES_FINAL
    current.minutes_finalised_at = timezone.now()
    current.minutes_finalised_by = by
    current.save(update_fields=["status", "minutes_finalised_at", "minutes_finalised_by", "updated_at"])
    SessionEvent.objects.create(session=current, action=SessionEvent.Action.FINALISED, actor=by)
    notices.session_codes_send(session=current, now=current.minutes_finalised_at)
    return current


@transaction.atomic
def session_reopen(*, session: FgdSession, by, reason: str) -> FgdSession:
    """A manager unlocks final minutes; the reason is kept with the event and shown on the page."""
    current = FgdSession.objects.select_for_update().get(pk=session.pk)
    if current.status != Status.MINUTES_FINAL:
        raise SessionError(_("Only final minutes can be reopened."), code="status")
    if not reason.strip():
        raise SessionError(_("Give the reason for reopening the minutes."), code="reason")
    current.status = Status.HELD
    current.minutes_finalised_at = None
    current.minutes_finalised_by = None
    current.save(update_fields=["status", "minutes_finalised_at", "minutes_finalised_by", "updated_at"])
    SessionEvent.objects.create(session=current, action=SessionEvent.Action.REOPENED, actor=by, note=reason.strip())
    return current


# --- Invitations and attendance ---------------------------------------------------------


@transaction.atomic
def session_invite(*, session: FgdSession, stakeholders: Iterable[Stakeholder]) -> int:
    """Invites the given stakeholders; those already invited are skipped. Returns how many were added."""
    current = _lock_row(session)
    already = set(current.invitations.values_list("stakeholder_id", flat=True))
    new = [
        Invitation(session=current, stakeholder_id=s.pk)
        for s in {s.pk: s for s in stakeholders}.values()
        if s.pk not in already
    ]
    Invitation.objects.bulk_create(new)
    return len(new)


@dataclass(frozen=True)
class InvitationsSent:
    sent: int  # queued now
    unreachable: int  # invited, not sent before, and no consent or contact data to send to


@transaction.atomic
def session_invitations_send(*, session: FgdSession) -> InvitationsSent:
    """Queues the invitation of every invitee not sent one yet (walk-ins are never invited); each
    goes once, however often the button is pressed. Refused once the FGD has begun."""
    current = _lock_row(session)
    now = timezone.now()
    if current.starts_at <= now or current.status != Status.PLANNED:
        raise SessionError(_("This FGD has begun: invitations can no longer be sent."), code="started")
    waiting = list(
        current.invitations.filter(is_walk_in=False, invited_at__isnull=True)
        .select_related("stakeholder", "session")
        .order_by("pk")
    )
    sent = sum(notices.invitation_send(invitation=invitation, now=now) for invitation in waiting)
    return InvitationsSent(sent=sent, unreachable=len(waiting) - sent)


RSVP_ANSWERS = (Invitation.Response.ACCEPTED, Invitation.Response.DECLINED, Invitation.Response.DELEGATED)


@transaction.atomic
def invitation_rsvp(*, invitation: Invitation, answer: str, delegate_name: str = "") -> Invitation:
    """The invitee's answer through their RSVP link; they may change it until the link expires."""
    current = Invitation.objects.select_for_update().select_related("session").get(pk=invitation.pk)
    _ensure_unlocked(current.session)
    if answer not in RSVP_ANSWERS or current.is_walk_in:
        raise ValueError(f"{answer!r} is not an answer to an invitation")
    delegate_name = delegate_name.strip()
    if answer == Invitation.Response.DELEGATED and not delegate_name:
        raise SessionError(
            _("Give the name of the person who will come in your place."), code="delegate", field="delegate_name"
        )
    current.response = answer
    current.delegate_name = delegate_name if answer == Invitation.Response.DELEGATED else ""
    current.responded_at = timezone.now()
    current.save(update_fields=["response", "delegate_name", "responded_at"])
    return current


def fgd_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """The day before an FGD (WITA): one reminder per invitation sent and not declined. Safe to run
    every hour (beat) or from cron (`manage.py send_fgd_reminders`): each reminder goes once."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    invitations = Invitation.objects.filter(
        session__status=Status.PLANNED,
        session__starts_at__gte=start,
        session__starts_at__lt=start + datetime.timedelta(days=1),
        is_walk_in=False,
        invited_at__isnull=False,
    ).select_related("session", "stakeholder")
    reminded = 0
    for invitation in invitations.order_by("pk"):
        with transaction.atomic():
            reminded += notices.invitation_remind(invitation=invitation)
    return reminded


@transaction.atomic
def invitation_remove(*, invitation: Invitation) -> None:
    _lock_row(invitation.session)
    if invitation.engagement_id:
        Engagement.objects.filter(pk=invitation.engagement_id).delete()
    invitation.delete()


def _engagement_notes(invitation: Invitation, session: FgdSession) -> str:
    if invitation.attendance == Invitation.Attendance.REPRESENTED:
        return _("FGD “%(title)s” at %(venue)s (represented by %(name)s)") % {
            "title": session.title,
            "venue": session.venue,
            "name": invitation.represented_by,
        }
    return _("FGD “%(title)s” at %(venue)s") % {"title": session.title, "venue": session.venue}


def _sync_engagement(invitation: Invitation, session: FgdSession, by) -> None:
    """Attended → one FGD engagement in the stakeholder's log (created or updated); otherwise none.

    Idempotent: editing attendance again updates the same row instead of adding another.
    """
    if invitation.attended:
        date = timezone.localtime(session.starts_at).date()
        notes = _engagement_notes(invitation, session)
        if invitation.engagement_id:
            Engagement.objects.filter(pk=invitation.engagement_id).update(date=date, notes=notes)
        else:
            invitation.engagement = Engagement.objects.create(
                stakeholder_id=invitation.stakeholder_id, kind=Engagement.Kind.FGD, date=date, notes=notes, staff=by
            )
            invitation.save(update_fields=["engagement"])
    elif invitation.engagement_id:
        Engagement.objects.filter(pk=invitation.engagement_id).delete()
        invitation.engagement = None
        invitation.save(update_fields=["engagement"])


def _clean_attendance(invitation: Invitation) -> None:
    invitation.represented_by = invitation.represented_by.strip()
    if invitation.attendance == Invitation.Attendance.REPRESENTED and not invitation.represented_by:
        raise SessionError(
            _("Give the name of the person who came instead."), code="represented_by", field="represented_by"
        )
    if invitation.attendance != Invitation.Attendance.REPRESENTED:
        invitation.represented_by = ""
    if invitation.is_walk_in:
        # Never invited: no response to an invitation (the figures count walk-ins on their own).
        invitation.response = Invitation.Response.PENDING
    elif invitation.attended and invitation.response == Invitation.Response.PENDING:
        # Someone who came has evidently accepted.
        invitation.response = Invitation.Response.ACCEPTED


@transaction.atomic
def session_attendance_record(*, session: FgdSession, invitations: Iterable[Invitation], by) -> int:
    """Saves responses and attendance of the given (changed) invitations and keeps the engagement log in step."""
    current = _lock_row(session)
    count = 0
    for invitation in invitations:
        if invitation.session_id != current.pk:
            raise ValueError("invitation of another session")
        _clean_attendance(invitation)
        invitation.save(update_fields=["response", "attendance", "represented_by"])
        _sync_engagement(invitation, current, by)
        count += 1
    return count


@transaction.atomic
def session_walk_in_add(
    *,
    session: FgdSession,
    by,
    name: str,
    organization_name: str = "",
    organization_type: str = Organization.Type.OTHER,
    position: str = "",
    region: Region | None = None,
    phone: str = "",
    consent: bool = False,
) -> Invitation:
    """Someone who came without an invitation: becomes a stakeholder (or is found in the register) and is present.

    A new stakeholder lives in `region` (the venue's when not given) and is *not yet mapped*: met once,
    nobody has scored their influence and interest, so they are no "key stakeholder" by default.
    """
    current = _lock_row(session)
    region = region or current.region
    name, organization_name, phone = name.strip(), organization_name.strip(), phone.strip()
    if phone and not consent:
        raise SessionError(
            _("Ask for and record consent before storing a phone number."), code="consent", field="consent"
        )
    organization = None
    if organization_name:
        organization = organization_get_or_create(name=organization_name, type=organization_type, region=region)
    # Someone already in the register (same name and organisation, or same phone) is not added twice.
    same = Q(name__iexact=name, organization=organization) | (Q(phone=phone) if phone else Q(pk__in=[]))
    stakeholder = Stakeholder.objects.filter(same, erased_at__isnull=True).order_by("pk").first()
    if stakeholder is None:
        stakeholder = Stakeholder(
            name=name,
            organization=organization,
            position=position.strip(),
            region=region,
            influence=None,
            interest=None,
        )
        stakeholder.full_clean(exclude=["phone"])
    if phone and not stakeholder.phone:
        stakeholder.phone = phone
    if phone:
        stakeholder.consent_date = timezone.localdate()
        stakeholder.consent_channel = WALK_IN_CONSENT_CHANNEL
    stakeholder_save(stakeholder=stakeholder, by=by, reason="FGD walk-in")
    invitation, _created = Invitation.objects.get_or_create(
        session=current,
        stakeholder=stakeholder,
        defaults={"is_walk_in": True},
    )
    # A walk-in was never invited: no RSVP. Someone invited who turns up has evidently accepted.
    invitation.response = Invitation.Response.PENDING if invitation.is_walk_in else Invitation.Response.ACCEPTED
    invitation.attendance = Invitation.Attendance.PRESENT
    invitation.represented_by = ""
    invitation.save()
    _sync_engagement(invitation, current, by)
    return invitation


# --- Attachments ------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, session: FgdSession, upload, description: str = "", by) -> Attachment:
    """Checks the file by content (JPEG/PNG/PDF, size limit) and stores it under a random name."""
    current = _lock_row(session)
    try:
        content_type = validate_upload(upload)
    except ValidationError as invalid:  # the validator speaks to forms; this is a refusal of the service
        raise SessionError(invalid.messages[0], code=invalid.code, field="file") from invalid
    original_name = PurePath(upload.name or "file").name[:255]
    # Never trust the uploaded name on disk: a random name with the extension of the real type.
    upload.name = f"{secrets.token_hex(12)}{EXTENSIONS[content_type]}"
    attachment = Attachment(
        session=current,
        file=upload,
        original_name=original_name,
        content_type=content_type,
        size=upload.size,
        description=description.strip(),
        uploaded_by=by,
    )
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    _lock_row(attachment.session)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))  # type: ignore[arg-type]


# --- Fast capture of aspirations ----------------------------------------------------------


@transaction.atomic
def session_aspiration_capture(
    *,
    session: FgdSession,
    by,
    title: str,
    description: str = "",
    stakeholder: Stakeholder | None = None,
    organization: Organization | None = None,
    category=None,
    pillar: str = "",
    region: Region | None = None,
) -> Aspiration:
    """An aspiration raised during the meeting, attributed to someone (or an organisation) present.

    It belongs to the speaker's place (speaker_region) unless the officer chose another `region`, and
    was received on the session's date (a paper FGD captured later is not "received today").
    """
    current = _lock_row(session)
    if stakeholder is None and organization is None:
        raise SessionError(_("Choose who raised it: a participant or an organisation present."), code="who")
    if stakeholder is not None and organization is None:
        organization = stakeholder.organization
    if region is None:
        region = speaker_region(session=current, stakeholder=stakeholder, organization=organization)
    aspiration = aspiration_create(
        source=Aspiration.Source.FGD,
        session=current,
        stakeholder=stakeholder,
        organization=organization,
        created_by=by,
        title=title.strip(),
        description=(description.strip() or title.strip()),
        category=category,
        pillar=pillar,
        region=region,
    )
    received = min(current.starts_at, timezone.now())  # created_at is auto_now_add: set it after the insert
    Aspiration.objects.filter(pk=aspiration.pk).update(created_at=received)
    aspiration.status_changes.filter(from_status="").update(changed_at=received)
    aspiration.created_at = received
    return aspiration
