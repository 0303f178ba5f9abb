"""What the people who sent an aspiration hear: a receipt, then each public status change.

By e-mail, or by SMS through the text gateway when only a phone number was given (short texts in
GSM characters, with a short stop link); only with the consent recorded, and no "stop" since. Messages are
queued in the outbox (notifications) inside the transaction of the event, in the language the
submitter used, with the tracking link and a signed, expiring one-click link to stop updates.
"""

import time

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from fgd.models import Aspiration, AspirationStatusChange
from notifications import services as outbox
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


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


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


def _queue(aspiration: Aspiration, *, template: str, key: str, **context) -> None:
    contact = _contact(aspiration)
    if contact is None:
        return
    channel, recipient = contact
    code = aspiration.tracking_code
    text = channel != outbox.Channel.EMAIL
    # A text has its own short wording (templates "<name>_text_…", GSM characters only) and link.
    token = stop_token_short(aspiration) if text else stop_token(aspiration)
    outbox.message_queue(
        channel=channel,
        recipient=recipient,
        language=aspiration.contact_language or settings.LANGUAGE_CODE,
        template=f"{template}_text" if text else template,
        context={
            "code": code,
            "title": aspiration.title,
            "name": aspiration.submitter_name,
            "track_url": _absolute(reverse("aspirations:track_detail", args=[code])),
            **context,
        },
        key=key,
        topic=topic_of(aspiration.pk),
        unsubscribe_url=_absolute(reverse("aspirations:stop_updates", args=[token])),
    )


def receipt(*, aspiration: Aspiration) -> None:
    _queue(aspiration, template="fgd/notices/receipt", key=f"aspiration:{aspiration.pk}:receipt")


def status_changed(*, aspiration: Aspiration, change: AspirationStatusChange) -> None:
    if change.to_status in TOLD_STATUSES:
        _queue(
            aspiration,
            template="fgd/notices/status",
            key=f"aspiration:{aspiration.pk}:change:{change.pk}",
            status=change.to_status,
            note=change.public_note,
        )


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
