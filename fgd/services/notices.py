"""What the people who sent an aspiration hear: a receipt, then each public status change; and what
the people in the register hear about FGDs: the invitation, a reminder, the codes of what they said.

By e-mail, or by SMS through the text gateway when only a phone number was given (short texts in
GSM characters, with a short stop link); only with the consent recorded, and no "stop" since. Messages are
queued in the outbox (notifications) inside the transaction of the event, in the language the
submitter used, with the tracking link and a signed, expiring one-click link to stop updates.
"""

import datetime
import functools
import time

from django.conf import settings
from django.core import signing
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format
from django.utils.http import base36_to_int, int_to_base36

from fgd.models import Aspiration, AspirationStatusChange, FgdSession, Invitation
from notifications import services as outbox
from stakeholders.models import Stakeholder
from stakeholders.phones import InvalidPhone, normalise_phone

Status = Aspiration.Status

# Status changes the submitter hears about. "Planned" is told when the plan is approved
# (programs.services.plan_approve), not when an officer links the aspiration to a draft.
TOLD_STATUSES = {Status.ACCEPTED, Status.DECLINED, Status.IN_PROGRESS, Status.DONE}

STOP_SALT = "fgd.updates.stop"
STOP_MAX_AGE = 180 * 24 * 3600  # a link in an old e-mail stops working after six months


def stop_token(aspiration: Aspiration) -> str:
    return signing.dumps(aspiration.pk, salt=STOP_SALT, compress=False)


def stop_token_short(aspiration: Aspiration, *, now: float | None = None) -> str:
    """The same proof for a text message, where every character counts: "<pk>.<day>.<mac>" (the id and
    the day it was made in base 36, 12 hex digits of an HMAC), about 20 characters instead of 50."""
    day = int((now if now is not None else time.time()) // 86400)
    payload = f"{int_to_base36(aspiration.pk)}.{int_to_base36(day)}"
    return f"{payload}.{_short_mac(payload)}"


def _short_mac(payload: str) -> str:
    return salted_hmac(STOP_SALT, payload, algorithm="sha256").hexdigest()[:12]


def _short_token_pk(token: str, now: float | None = None) -> int | None:
    parts = token.split(".")
    if len(parts) != 3 or not constant_time_compare(_short_mac(f"{parts[0]}.{parts[1]}"), parts[2]):
        return None
    try:
        pk, day = base36_to_int(parts[0]), base36_to_int(parts[1])
    except ValueError:
        return None
    today = int((now if now is not None else time.time()) // 86400)
    return pk if 0 <= today - day <= STOP_MAX_AGE // 86400 else None


def stop_token_aspiration_pk(token: str, *, now: float | None = None) -> int | None:
    """The aspiration a stop link names, from an e-mail's signed token or a text's short one; None
    when forged or expired."""
    if token.count(".") == 2:
        return _short_token_pk(token, now)
    try:
        pk = signing.loads(token, salt=STOP_SALT, max_age=STOP_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None
    return pk if isinstance(pk, int) else None


_SLOT = "SLOT-0"


@functools.lru_cache(maxsize=64)
def _link_pattern(name: str, site_url: str, prefix: str, urlconf) -> str:
    # Reversed once per URL name (and site, prefix, URL conf): a bulk change of 10,000 aspirations
    # spent a fifth of its time in reverse().
    return f"{site_url}{reverse(name, args=[_SLOT])}"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _link(name: str, value: str) -> str:
    """The absolute link to a public page of one aspiration (tracking codes and signed tokens are URL-safe)."""
    return _link_pattern(name, settings.SITE_URL, get_script_prefix(), get_urlconf()).replace(_SLOT, value)


def _contact(aspiration: Aspiration) -> tuple[str, str] | None:
    """Where updates go: (channel, address), or None. E-mail when given; a text (SMS) to a submitter
    who gave only a phone number; only with the consent recorded and no "stop" since."""
    if not aspiration.consent_given_at or aspiration.updates_stopped_at is not None:
        return None
    if aspiration.submitter_email:
        return outbox.Channel.EMAIL, aspiration.submitter_email
    if aspiration.submitter_phone:
        try:
            return outbox.Channel.SMS, normalise_phone(aspiration.submitter_phone)
        except InvalidPhone:  # typed before the form checked numbers: nowhere to send
            return None
    return None


def topic_of(aspiration_pk: int) -> str:
    """The outbox topic of the messages about one aspiration (stopping updates, erasure find them by it)."""
    return f"aspiration:{aspiration_pk}"


def _outgoing(aspiration: Aspiration, *, template: str, key: str, **context) -> outbox.Outgoing | None:
    """The message to this aspiration's submitter, or None when they did not ask for (or stopped) updates."""
    contact = _contact(aspiration)
    if contact is None:
        return None
    channel, recipient = contact
    code = aspiration.tracking_code
    text = channel != outbox.Channel.EMAIL
    # A text has its own short wording (templates "<name>_text_…", GSM characters only) and link.
    token = stop_token_short(aspiration) if text else stop_token(aspiration)
    return outbox.Outgoing(
        channel=channel,
        recipient=recipient,
        language=aspiration.contact_language or settings.LANGUAGE_CODE,
        template=f"{template}_text" if text else template,
        context={
            "code": code,
            "title": aspiration.title,
            "name": aspiration.submitter_name,
            "track_url": _link("aspirations:track_detail", code),
            **context,
        },
        key=key,
        topic=topic_of(aspiration.pk),
        unsubscribe_url=_link("aspirations:stop_updates", token),
    )


def _queue(aspiration: Aspiration, *, template: str, key: str, **context) -> None:
    message = _outgoing(aspiration, template=template, key=key, **context)
    if message is not None:
        outbox.message_queue(**{name: getattr(message, name) for name in OUTGOING_FIELDS})


OUTGOING_FIELDS = ("channel", "recipient", "language", "template", "context", "key", "topic", "unsubscribe_url")


def receipt(*, aspiration: Aspiration) -> None:
    _queue(aspiration, template="fgd/notices/receipt", key=f"aspiration:{aspiration.pk}:receipt")


def _status_message(aspiration: Aspiration, change: AspirationStatusChange) -> outbox.Outgoing | None:
    if change.to_status not in TOLD_STATUSES:
        return None
    return _outgoing(
        aspiration,
        template="fgd/notices/status",
        key=f"aspiration:{aspiration.pk}:change:{change.pk}",
        status=change.to_status,
        note=change.public_note,
    )


def status_changed(*, aspiration: Aspiration, change: AspirationStatusChange) -> None:
    message = _status_message(aspiration, change)
    if message is not None:
        outbox.message_queue(**{name: getattr(message, name) for name in OUTGOING_FIELDS})


def status_changed_many(*, changes: list[tuple[Aspiration, AspirationStatusChange]]) -> int:
    """Many status changes at once (a bulk action): their messages are queued with a few INSERTs."""
    messages = [m for aspiration, change in changes if (m := _status_message(aspiration, change)) is not None]
    return outbox.messages_queue_many(messages)


def planned(*, aspiration: Aspiration, plan_key: str, plan_title: str, program_names: list[str]) -> None:
    """The plan answering this aspiration was approved: told once per approved plan."""
    _queue(
        aspiration,
        template="fgd/notices/status",
        key=f"aspiration:{aspiration.pk}:planned:{plan_key}",
        status=Status.PLANNED,
        plan=plan_title,
        programs=program_names,
        note="",
    )


def updates_stop(*, aspiration: Aspiration) -> bool:
    """The submitter said stop: recorded against the consent, and nothing still queued goes out."""
    first_time = aspiration.updates_stopped_at is None
    if first_time:
        aspiration.updates_stopped_at = timezone.now()
        aspiration.save(update_fields=["updates_stopped_at"])
    outbox.messages_suppress(topic=f"aspiration:{aspiration.pk}")
    return first_time


# --- Stakeholders: FGD invitations, reminders, the tracking codes of what they said -----------
#
# Messages to a person in the register go to their e-mail address, else (a phone only) by text
# (settings.TEXT_CHANNEL), in their language (Stakeholder.language), only with their consent on
# record and never after erasure. Their outbox topic is the stakeholder's, so erasure finds them.

RSVP_SALT = "fgd.invitation.rsvp"


def stakeholder_topic(stakeholder_pk: int) -> str:
    return f"stakeholder:{stakeholder_pk}"


def stakeholder_contact(stakeholder: Stakeholder) -> tuple[str, str] | None:
    """(channel, address) to reach this person, or None: no consent, erased, or no contact data."""
    if stakeholder.erased_at is not None or stakeholder.consent_date is None:
        return None
    if stakeholder.email:
        return outbox.Channel.EMAIL, stakeholder.email
    if stakeholder.phone:
        return settings.TEXT_CHANNEL, stakeholder.phone
    return None


def first_name(name: str) -> str:
    """What the public RSVP page calls the invitee: the first word of their name, nothing more."""
    return (name.split() or [""])[0]


def rsvp_token(invitation: Invitation) -> str:
    # The stakeholder's id travels with the invitation's: a link never answers for someone else's row.
    return signing.dumps([invitation.pk, invitation.stakeholder_id], salt=RSVP_SALT, compress=False)


def rsvp_token_ids(token: str) -> tuple[int, int] | None:
    """(invitation pk, stakeholder pk) of a genuine RSVP link, else None. Its expiry is the session's
    (rsvp_expires_at), read from the session at answer time so that a moved FGD moves its links too."""
    try:
        ids = signing.loads(token, salt=RSVP_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not (isinstance(ids, list) and len(ids) == 2 and all(isinstance(i, int) for i in ids)):
        return None
    return ids[0], ids[1]


def rsvp_expires_at(session: FgdSession) -> datetime.datetime:
    """RSVP links work until the end of the FGD's day (WITA); after that, 410 Gone."""
    day = timezone.localtime(session.starts_at).date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def rsvp_url(invitation: Invitation) -> str:
    return _absolute(reverse("fgd:rsvp", args=[rsvp_token(invitation)]))


def track_url(code: str) -> str:
    return _absolute(reverse("aspirations:track_detail", args=[code]))


def _when(session: FgdSession, language: str) -> dict:
    """The session's day and time as the reader's language writes them (messages store plain text)."""
    starts = timezone.localtime(session.starts_at)
    with translation.override(language):
        return {
            "day": f"{date_format(starts, 'l')}, {date_format(starts, 'DATE_FORMAT')}",
            "time": date_format(starts, "TIME_FORMAT"),
        }


def _template_for(channel: str, name: str) -> str:
    """E-mail gets the letter-like text; SMS/WhatsApp the short one (`<name>_text`)."""
    return f"fgd/notices/{name}" if channel == outbox.Channel.EMAIL else f"fgd/notices/{name}_text"


def _queue_to_stakeholder(stakeholder: Stakeholder, *, name: str, key: str, context: dict, attachments=None):
    contact = stakeholder_contact(stakeholder)
    if contact is None:
        return None
    channel, address = contact
    return outbox.message_queue(
        channel=channel,
        recipient=address,
        language=stakeholder.language or settings.LANGUAGE_CODE,
        template=_template_for(channel, name),
        context={"name": stakeholder.name, **context},
        key=key,
        topic=stakeholder_topic(stakeholder.pk),
        attachments=attachments if channel == outbox.Channel.EMAIL else None,
    )


def _session_context(invitation: Invitation) -> dict:
    session = invitation.session
    return {
        "title": session.title,
        "venue": session.venue,
        "rsvp_url": rsvp_url(invitation),
        **_when(session, invitation.stakeholder.language or settings.LANGUAGE_CODE),
    }


def invitation_key_parts(what: str) -> tuple[str, str]:
    """The text before and after the invitation's id in its key (the session page finds them in SQL)."""
    return "fgd:invitation:", f":{what}"


def invitation_key(invitation_pk: int, what: str) -> str:
    """The outbox key of an invitation's message ("invite", "reminder"): one of each, ever."""
    before, after = invitation_key_parts(what)
    return f"{before}{invitation_pk}{after}"


def invitation_send(*, invitation: Invitation, now: datetime.datetime) -> bool:
    """Queues the invitation (e-mail with the letter, or a text with the RSVP link). False: not sent
    (a walk-in, no consent or contact data, or sent before)."""
    if invitation.is_walk_in or invitation.invited_at is not None:
        return False
    letter = [{"kind": "fgd_invitation_letter", "invitation": invitation.pk}]
    queued = _queue_to_stakeholder(
        invitation.stakeholder,
        name="invitation",
        key=invitation_key(invitation.pk, "invite"),
        context=_session_context(invitation),
        attachments=letter,
    )
    if queued is None:
        return False
    invitation.invited_at = now
    invitation.save(update_fields=["invited_at"])
    return True


def invitation_remind(*, invitation: Invitation) -> bool:
    """The day before: once per invitation (its key), only to those invited who have not declined."""
    if invitation.is_walk_in or invitation.invited_at is None:
        return False
    if invitation.response == Invitation.Response.DECLINED:
        return False
    queued = _queue_to_stakeholder(
        invitation.stakeholder,
        name="reminder",
        key=invitation_key(invitation.pk, "reminder"),
        context=_session_context(invitation),
    )
    return queued is not None


def session_codes_send(*, session: FgdSession, now: datetime.datetime) -> int:
    """The minutes are final: each speaker hears the tracking codes of what they said, one message per
    speaker for the codes not told yet. Reopening and finalising again tells only the codes captured
    since (the key names the first new one); a speaker without consent or contact hears nothing and
    their codes stay untold. Returns the messages queued."""
    untold = list(
        Aspiration.objects.filter(session=session, stakeholder__isnull=False, code_sent_at__isnull=True)
        .select_related("stakeholder")
        .order_by("stakeholder_id", "pk")
    )
    by_speaker: dict[int, list[Aspiration]] = {}
    for aspiration in untold:
        by_speaker.setdefault(aspiration.stakeholder_id, []).append(aspiration)  # type: ignore[arg-type]
    queued = 0
    for stakeholder_pk, aspirations in by_speaker.items():
        codes = [{"code": a.tracking_code, "title": a.title, "url": track_url(a.tracking_code)} for a in aspirations]
        message = _queue_to_stakeholder(
            aspirations[0].stakeholder,  # type: ignore[arg-type]
            name="codes",
            key=f"fgd:session:{session.pk}:codes:{stakeholder_pk}:{aspirations[0].pk}",
            context={"title": session.title, "codes": codes, "track_url": _absolute(reverse("aspirations:track"))},
        )
        if message is not None or stakeholder_contact(aspirations[0].stakeholder) is not None:  # type: ignore[arg-type]
            Aspiration.objects.filter(pk__in=[a.pk for a in aspirations]).update(code_sent_at=now)
            queued += message is not None
    return queued
