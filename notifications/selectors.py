"""Reads of the outbox and of a person's notifications."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from .models import Message, Notification


def message_page(*, status: str = "", number=None, per_page: int = 50) -> Page:
    messages: QuerySet[Message] = Message.objects.defer("body", "context")
    if status in Message.Status.values:
        messages = messages.filter(status=status)
    return Paginator(messages, per_page).get_page(number)


def notification_page(*, user, number=None, per_page: int = 30) -> Page:
    return Paginator(Notification.objects.filter(user=user), per_page).get_page(number)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()
