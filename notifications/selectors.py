"""Reads of the outbox and of a person's notifications."""

import logging

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from core import versions

from .models import Message, Notification

logger = logging.getLogger(__name__)


def message_page(*, status: str = "", number=None, per_page: int = 50) -> Page:
    messages: QuerySet[Message] = Message.objects.defer("body", "context")
    if status in Message.Status.values:
        messages = messages.filter(status=status)
    return Paginator(messages, per_page).get_page(number)


def notification_page(*, user, number=None, per_page: int = 30) -> Page:
    return Paginator(Notification.objects.filter(user=user), per_page).get_page(number)


def unread_cache_key(user) -> str:
    # date_joined tells apart two users who got the same id (a recreated database, a test run).
    return f"notifications:unread:{user.pk}:{user.date_joined.timestamp():.6f}"


def unread_count(user) -> int:
    """The bell's figure: kept in the shared cache (no query on most pages), counted when missing.

    services.py forgets it whenever one of the user's notifications is created or read.
    """
    key = unread_cache_key(user)
    versions.note(key)  # a cached staff page that shows the bell is served while the count is the same
    try:
        count = cache.get(key)
    except Exception as error:  # the cache is down: count, as without one
        logger.warning("Unread count not cached: %s", error)
        count = None
    if count is None:
        count = Notification.objects.filter(user=user, read_at=None).count()
        try:
            cache.set(key, count, 24 * 3600)
        except Exception as error:
            logger.warning("Unread count not cached: %s", error)
    return count


def render_message(template: str, context: dict, language: str) -> tuple[str, str]:
    """Subject (one line) and body of a message template, in the recipient's language."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context).strip() + "\n"
    return " ".join(subject.split()), body


def message_content(message: Message) -> tuple[str, str]:
    """Subject and body: as stored, or rendered now when it was queued in bulk (it is rendered when sent)."""
    if message.body or not message.template:
        return message.subject, message.body
    context = {**message.context, "unsubscribe_url": message.unsubscribe_url}
    subject, body = render_message(message.template, context, message.language)
    return subject[:255], body
