"""Queue, send, retry and suppress messages; notify staff in the app and by e-mail.

Callers (fgd, programs) pass plain data: who, in which language, which template with which
context, and an idempotency key naming the event. The row is written in the caller's
transaction; the send task is queued on commit, so a rolled-back event sends nothing and a
committed one is never lost (the sweep sends what the broker did not deliver).
"""

import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.jobs import new_claim_token, token_process_is_gone

from . import channels
from .models import Message, Notification, Preference
from .selectors import message_content, render_message, unread_cache_key

logger = logging.getLogger(__name__)

Status = Message.Status
Channel = Message.Channel

MAX_ATTEMPTS = 6
# Waits of 1, 2, 4, 8, 16 minutes between tries (tests set it to 0).
RETRY_BASE_SECONDS = 60
# A queued row older than this was not delivered by the broker: the sweep sends it.
SWEEP_AFTER_SECONDS = 120
# A row claimed longer ago than this lost its worker mid-send: it may have gone out, so it is
# failed for a person to look at rather than sent a second time automatically.
SENDING_STALE_SECONDS = 600
SWEEP_BATCH = 500
# Bulk messages (messages_queue_many) are sent by a few sender tasks, each claiming this many rows
# at a time and sending them over one SMTP connection.
SEND_BATCH = 100
MAX_SENDERS = 4
# A sender task hands over to a fresh task after this long (well inside the task time limits).
SENDER_SECONDS = 120


def retry_delay(attempts: int) -> int:
    return RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)


def _enqueue_on_commit(pk: int) -> None:
    def deliver() -> None:
        from .tasks import send_message

        try:
            send_message.delay(pk)
        except Exception as error:  # the broker is down: the row stays queued for the sweep
            logger.warning("Message %s not handed to the broker (%r); the sweep will send it", pk, error)

    transaction.on_commit(deliver)


def message_queue(
    *,
    channel: str,
    recipient: str,
    language: str,
    template: str,
    context: dict,
    key: str,
    topic: str = "",
    unsubscribe_url: str = "",
    attachments: list[dict] | None = None,
) -> Message | None:
    """Writes the message in the current transaction; None when this key was queued before.

    `attachments`: files rendered when it is sent, each named by plain data `{"kind": …, …}`
    that an app's `message_attachments` hook renders (channels.render_attachments); e-mail only."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    subject, body = render_message(template, {**context, "unsubscribe_url": unsubscribe_url}, language)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                channel=channel,
                recipient=recipient,
                language=language,
                template=template,
                context=context,
                subject=subject[:255],
                body=body,
                unsubscribe_url=unsubscribe_url,
                topic=topic,
                idempotency_key=key,
                attachments=attachments or [],
            )
    except IntegrityError:
        return None
    _enqueue_on_commit(message.pk)
    return message


@dataclass(frozen=True)
class Outgoing:
    """One message to queue in bulk (messages_queue_many): the arguments of message_queue."""

    channel: str
    recipient: str
    language: str
    template: str
    key: str
    context: dict = field(default_factory=dict)
    topic: str = ""
    unsubscribe_url: str = ""


def messages_queue_many(messages: Iterable[Outgoing]) -> int:
    """Queues many messages in the current transaction with a few INSERTs; a key queued before is skipped.

    Nothing is rendered here: the sender renders each message's template when it sends it. After
    the commit a few sender tasks (not one task per message) send them in batches. Returns how
    many were offered (keys already queued are silently the same message)."""
    languages = dict(settings.LANGUAGES)
    rows = [
        Message(
            channel=m.channel,
            recipient=m.recipient,
            language=m.language if m.language in languages else settings.LANGUAGE_CODE,
            template=m.template,
            context=m.context,
            unsubscribe_url=m.unsubscribe_url,
            topic=m.topic,
            idempotency_key=m.key,
        )
        for m in messages
    ]
    if not rows:
        return 0
    Message.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    senders = min(MAX_SENDERS, math.ceil(len(rows) / SEND_BATCH))
    transaction.on_commit(lambda: publish_senders(senders))
    return len(rows)


def publish_senders(count: int = 1) -> int:
    """Hands `count` sender tasks to the broker; a broker that is down leaves the rows to the sweep."""
    from .tasks import send_queued_messages

    published = 0
    for _n in range(count):
        try:
            send_queued_messages.delay()
        except Exception as error:
            logger.warning("Sender task not handed to the broker (%r); the sweep will send the messages", error)
            break
        published += 1
    return published


def _due(now: datetime) -> Q:
    return Q(status=Status.QUEUED) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))


def messages_claim_batch(*, size: int = SEND_BATCH, token: str = "", now: datetime | None = None) -> list[int]:
    """queued → sending for up to `size` due rows, for this sender only.

    PostgreSQL: the rows are locked with FOR UPDATE SKIP LOCKED, so senders claiming at the same
    time take different rows without waiting for each other. SQLite has one writer at a time and
    no row locks: the conditional UPDATE (still queued) decides there."""
    now = now or timezone.now()
    token = token or new_claim_token()
    with transaction.atomic():
        candidates = Message.objects.filter(_due(now)).order_by("pk").values_list("pk", flat=True)
        if transaction.get_connection().features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates[:size])
        if not ids:
            return []
        Message.objects.filter(pk__in=ids, status=Status.QUEUED).update(
            status=Status.SENDING, claimed_at=now, claimed_by=token, attempts=F("attempts") + 1
        )
    return list(
        Message.objects.filter(pk__in=ids, status=Status.SENDING, claimed_by=token)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    requeued: int = 0


def messages_send_batch(*, size: int = SEND_BATCH) -> BatchResult:
    """Claims up to `size` queued messages and sends them over one SMTP connection, marking each.

    Each row is marked sent or failed on its own as soon as its answer is known. When the mail
    server goes away mid-batch, the message being sent is retried later (with backoff) and the
    rest of the batch, never attempted, goes back to the queue at once."""
    token = new_claim_token()
    ids = messages_claim_batch(size=size, token=token)
    result = BatchResult(claimed=len(ids))
    if not ids:
        return result
    messages = list(Message.objects.filter(pk__in=ids).order_by("pk"))
    connection = channels.email_connection()
    try:
        for index, message in enumerate(messages):
            try:
                subject, body = message_content(message)
                _deliver(message, subject, body, connection=connection)
            except channels.TransientError as error:
                result.requeued += _retry_later(message, error)
                result.failed += message.attempts >= MAX_ATTEMPTS
                untried = [m.pk for m in messages[index + 1 :]]
                result.requeued += Message.objects.filter(
                    pk__in=untried, status=Status.SENDING, claimed_by=token
                ).update(status=Status.QUEUED, claimed_by="", attempts=F("attempts") - 1)
                break
            except channels.PermanentError as error:
                _finish(message, Status.FAILED, str(error))
                result.failed += 1
            else:
                _finish(message, Status.SENT, "", subject=subject, body=body)
                result.sent += 1
    finally:
        connection.close()
    return result


def messages_send_queued(*, seconds: float = SENDER_SECONDS, size: int = SEND_BATCH) -> dict[str, int]:
    """Sends batch after batch until nothing is due or `seconds` have passed (then "more" is 1)."""
    deadline = time.monotonic() + seconds
    totals = {"batches": 0, "sent": 0, "failed": 0, "more": 0}
    while True:
        batch = messages_send_batch(size=size)
        if not batch.claimed:
            return totals
        totals["batches"] += 1
        totals["sent"] += batch.sent
        totals["failed"] += batch.failed
        if batch.requeued:  # the channel is down: the sweep (or the retry time) takes it from here
            return totals
        if time.monotonic() > deadline:
            totals["more"] = 1
            return totals


def _deliver(message: Message, subject: str, body: str, *, connection=None) -> None:
    if message.channel == Channel.EMAIL:
        channels.send_email(
            to=message.recipient,
            subject=subject,
            body=body,
            key=message.idempotency_key,
            unsubscribe_url=message.unsubscribe_url,
            attachments=channels.render_attachments(message.attachments, language=message.language),
            connection=connection,
        )
    else:
        channels.send_text(channel=message.channel, to=message.recipient, body=body, key=message.idempotency_key)


def _retry_later(message: Message, error: Exception) -> int:
    """A transient failure: queued again with backoff, or failed after the last attempt. 1 when queued."""
    if message.attempts >= MAX_ATTEMPTS:
        _finish(message, Status.FAILED, f"{error} (after {message.attempts} attempts)")
        return 0
    Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=Status.QUEUED,
        claimed_by="",
        last_error=str(error)[:2000],
        next_attempt_at=timezone.now() + timedelta(seconds=retry_delay(message.attempts)),
    )
    logger.warning("Message %s not sent (try %s): %s", message.pk, message.attempts, error)
    return 1


def _claim(message_id: int, now: datetime, token: str) -> bool:
    """queued → sending in one conditional UPDATE: of two workers given the same message, one wins."""
    return bool(
        Message.objects.filter(pk=message_id, status=Status.QUEUED).update(
            status=Status.SENDING, claimed_at=now, claimed_by=token, attempts=F("attempts") + 1
        )
    )


def message_send(*, message_id: int) -> str:
    """Sends one message if it is still queued. Returns its status afterwards ("" when not claimed)."""
    now = timezone.now()
    if not _claim(message_id, now, new_claim_token()):
        return ""
    message = Message.objects.get(pk=message_id)
    try:
        subject, body = message_content(message)
        _deliver(message, subject, body)
    except channels.TransientError as error:
        return Status.QUEUED if _retry_later(message, error) else Status.FAILED
    except channels.PermanentError as error:
        return _finish(message, Status.FAILED, str(error))
    return _finish(message, Status.SENT, "", subject=subject, body=body)


def _finish(message: Message, status: str, reason: str, *, subject: str = "", body: str = "") -> str:
    sent_at = timezone.now() if status == Status.SENT else None
    # A message rendered at send time keeps what was sent, for the outbox page.
    rendered = {"subject": subject, "body": body} if body and not message.body else {}
    Message.objects.filter(pk=message.pk, status=Status.SENDING).update(
        status=status, last_error=reason[:2000], next_attempt_at=None, sent_at=sent_at, **rendered
    )
    return status


INTERRUPTED = "The worker stopped while sending; the message may have gone out. Check before retrying."


def _interrupted(now: datetime) -> int:
    """Rows left `sending` by a sender that is gone: failed with a reason, never resent blindly.

    Gone means its process no longer exists on this machine (at once), or, for a sender on
    another machine, no answer within SENDING_STALE_SECONDS."""
    sending = Message.objects.filter(status=Status.SENDING)
    tokens = sending.exclude(claimed_by="").values_list("claimed_by", flat=True).distinct()
    dead = [token for token in tokens if token_process_is_gone(token)]
    condition = Q(claimed_at__lt=now - timedelta(seconds=SENDING_STALE_SECONDS))
    if dead:
        condition |= Q(claimed_by__in=dead)
    return sending.filter(condition).update(status=Status.FAILED, last_error=INTERRUPTED)


def messages_sweep(*, now: datetime | None = None, send=None) -> dict[str, int]:
    """Sends queued rows the broker never delivered (or whose retry is due); fails rows whose worker died.

    `send` sends one message id (default: here, in this process; the beat task and the
    management command both work when the broker itself is down).
    """
    now = now or timezone.now()
    send = send or (lambda pk: message_send(message_id=pk))
    stale = _interrupted(now)
    due = list(
        Message.objects.filter(status=Status.QUEUED, created_at__lt=now - timedelta(seconds=SWEEP_AFTER_SECONDS))
        .exclude(next_attempt_at__gt=now)
        .order_by("created_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    sent = 0
    for pk in due:
        if send(pk) == Status.SENT:
            sent += 1
    return {"due": len(due), "sent": sent, "interrupted": stale}


@transaction.atomic
def message_retry(*, message: Message) -> bool:
    """Staff: send a failed message again. False when it is not failed (sent, queued, suppressed)."""
    changed = Message.objects.filter(pk=message.pk, status=Status.FAILED).update(
        status=Status.QUEUED, attempts=0, next_attempt_at=None
    )
    if changed:
        _enqueue_on_commit(message.pk)
    return bool(changed)


def messages_suppress(*, topic: str) -> int:
    """The person said stop: every message still waiting on this topic is suppressed, now."""
    return Message.objects.filter(topic=topic, status__in=[Status.QUEUED, Status.FAILED]).update(
        status=Status.SUPPRESSED, last_error="", next_attempt_at=None
    )


# --- Staff -----------------------------------------------------------------------------------


def preference_for(user) -> Preference:
    preference, _created = Preference.objects.get_or_create(user=user)
    return preference


def preference_update(*, user, in_app: bool, email: bool, language: str) -> Preference:
    preference = preference_for(user)
    preference.in_app, preference.email, preference.language = in_app, email, language
    preference.save()
    return preference


def _forget_unread(user) -> None:
    """The bell recounts on its next page: now, and again after the commit (another page may read between)."""
    key = unread_cache_key(user)

    def forget() -> None:
        try:
            cache.delete(key)
        except Exception as error:
            logger.warning("Unread count not forgotten: %s", error)

    forget()
    transaction.on_commit(forget)


def notify_users(*, users: Iterable, template: str, context: dict, key: str, url: str = "") -> int:
    """Tells each person in the app and/or by e-mail, as each chose. Returns how many were told."""
    told = 0
    for user in users:
        preference = preference_for(user)
        user_key = f"{key}:user:{user.pk}"
        if preference.in_app:
            with translation.override(preference.language):
                title = " ".join(render_to_string(f"{template}_subject.txt", context).split())
            _, created = Notification.objects.get_or_create(
                idempotency_key=user_key, defaults={"user": user, "title": title[:255], "url": url}
            )
            told += created
            _forget_unread(user)
        if preference.email and user.email:
            queued = message_queue(
                channel=Channel.EMAIL,
                recipient=user.email,
                language=preference.language,
                template=template,
                context=context,
                key=user_key,
            )
            told += queued is not None and not preference.in_app
    return told


def notification_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _forget_unread(notification.user)


def notifications_read_all(*, user) -> int:
    read = Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
    _forget_unread(user)
    return read


def messages_erase(
    *, recipients: Iterable[str], topics: Iterable[str], scrub: Callable[[str], str], placeholder: str
) -> int:
    """Erasure (UU PDP art. 8): messages to or about a person keep none of their data, and the unsent
    ones are never sent. `scrub` replaces what identifies them in text. Returns the messages changed."""
    addresses = {r.strip().lower() for r in recipients if r and r.strip()}
    condition = Q(topic__in=[t for t in topics if t])
    if addresses:
        condition |= Q(recipient_lower__in=addresses)
    found = Message.objects.annotate(recipient_lower=Lower("recipient")).filter(condition).select_for_update()
    changed = 0
    for message in found:
        context = {k: scrub(v) if isinstance(v, str) else v for k, v in message.context.items()}
        unsent = message.status in (Status.QUEUED, Status.FAILED)
        Message.objects.filter(pk=message.pk).update(
            recipient=placeholder,
            subject=scrub(message.subject),
            body=scrub(message.body),
            context=context,
            last_error=scrub(message.last_error),
            status=Status.SUPPRESSED if unsent else message.status,
        )
        changed += 1
    return changed
