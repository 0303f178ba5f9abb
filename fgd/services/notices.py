"""What the people who sent an aspiration hear: a receipt, then each public status change.

Only with an e-mail address, the consent recorded with it, and no "stop" since. Messages are
queued in the outbox (notifications) inside the transaction of the event, in the language the
submitter used, with the tracking link and a signed, expiring one-click link to stop updates.
"""

import functools

from django.conf import settings
from django.core import signing
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from fgd.models import Aspiration, AspirationStatusChange
from notifications import services as outbox

Status = Aspiration.Status

# Status changes the submitter hears about. "Planned" is told when the plan is approved
# (programs.services.plan_approve), not when an officer links the aspiration to a draft.
TOLD_STATUSES = {Status.ACCEPTED, Status.DECLINED, Status.IN_PROGRESS, Status.DONE}

STOP_SALT = "fgd.updates.stop"
STOP_MAX_AGE = 180 * 24 * 3600  # a link in an old e-mail stops working after six months


def stop_token(aspiration: Aspiration) -> str:
    return signing.dumps(aspiration.pk, salt=STOP_SALT, compress=False)


def stop_token_aspiration_pk(token: str) -> int | None:
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


def _link(name: str, value: str) -> str:
    """The absolute link to a public page of one aspiration (tracking codes and signed tokens are URL-safe)."""
    return _link_pattern(name, settings.SITE_URL, get_script_prefix(), get_urlconf()).replace(_SLOT, value)


def _wants_updates(aspiration: Aspiration) -> bool:
    return bool(aspiration.submitter_email and aspiration.consent_given_at and aspiration.updates_stopped_at is None)


def topic_of(aspiration_pk: int) -> str:
    """The outbox topic of the messages about one aspiration (stopping updates, erasure find them by it)."""
    return f"aspiration:{aspiration_pk}"


def _outgoing(aspiration: Aspiration, *, template: str, key: str, **context) -> outbox.Outgoing | None:
    """The message to this aspiration's submitter, or None when they did not ask for (or stopped) updates."""
    if not _wants_updates(aspiration):
        return None
    code = aspiration.tracking_code
    return outbox.Outgoing(
        channel=outbox.Channel.EMAIL,
        recipient=aspiration.submitter_email,
        language=aspiration.contact_language or settings.LANGUAGE_CODE,
        template=template,
        context={
            "code": code,
            "title": aspiration.title,
            "name": aspiration.submitter_name,
            "track_url": _link("aspirations:track_detail", code),
            **context,
        },
        key=key,
        topic=topic_of(aspiration.pk),
        unsubscribe_url=_link("aspirations:stop_updates", stop_token(aspiration)),
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
