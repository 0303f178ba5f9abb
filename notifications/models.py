"""The outbox: every message csrplan sends is a row first, written in the transaction of its event.

A row is queued with the event, claimed (queued → sending) by the one worker that sends it, then
sent, failed (with the reason) or suppressed (the person said stop). Staff read the same rows on
the outbox page. In-app notifications and each person's choice of channels live here too.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import Badge, badges


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SUPPRESSED = "suppressed", _("Suppressed")

    STATUS_BADGES = badges(
        Status,
        {
            Status.QUEUED: Badge("text-bg-secondary", "hourglass-split"),
            Status.SENDING: Badge("text-bg-primary", "send"),
            Status.SENT: Badge("text-bg-success", "check-lg"),
            Status.FAILED: Badge("text-bg-danger", "exclamation-triangle-fill"),
            Status.SUPPRESSED: Badge("text-bg-warning", "slash-circle"),
        },
    )

    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    recipient = models.CharField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8, default="id")
    template = models.CharField(_("template"), max_length=120, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    # Empty until sent when the message was queued in bulk (messages_queue_many): the template and
    # context are rendered by the sender, so queueing thousands is a few INSERTs.
    body = models.TextField(_("body"), blank=True)
    # Links the mail client offers as "unsubscribe" (RFC 8058), when the sender has one.
    unsubscribe_url = models.URLField(_("unsubscribe link"), max_length=500, blank=True)
    # What the message is about ("aspiration:42"): stopping updates suppresses the queued ones.
    topic = models.CharField(_("topic"), max_length=80, blank=True, db_index=True)
    # Files rendered when the message is sent, named by kind with plain data ({"kind": …, …}): an app
    # above this one renders them (AppConfig.message_attachments), so a big PDF is never made in the
    # request that queued the message, nor stored twice.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # One event, one message: the same key twice is the same message, never a second one.
    idempotency_key = models.CharField(_("idempotency key"), max_length=160, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # host:pid:nonce of the process that claimed it (core.jobs.new_claim_token): the sweep fails a
    # row whose sender process is gone at once instead of after SENDING_STALE_SECONDS.
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="message_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject}"


class Notification(models.Model):
    """In the app: the bell in the navbar counts the unread ones."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=255)
    url = models.CharField(_("link"), max_length=500, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=160, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    """How a staff member wants to hear about their work: in the app, by e-mail, or both."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    in_app = models.BooleanField(_("in the app"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="id")

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)
