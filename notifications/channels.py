"""How a message leaves: e-mail through Django's e-mail API, SMS/WhatsApp through one text gateway.

E-mail: `EMAIL_URL` (django-environ) picks Django's backend: `smtp+tls://user:pass@host:587` in
production, `consolemail://` (the default) or `filemail:///path` for `make run`.

SMS and WhatsApp: `TEXT_GATEWAY` names a class with `send(*, channel, to, body, key)`:
- `notifications.channels.ConsoleTextGateway` (default) writes each text to the log and, when
  `TEXT_GATEWAY_FILE` is set, appends it to that file;
- `notifications.channels.HttpTextGateway` POSTs JSON `{"channel", "to", "body", "idempotency_key"}`
  to `TEXT_GATEWAY_URL` with `Authorization: Bearer $TEXT_GATEWAY_TOKEN`; any 2xx is sent, 5xx and
  network errors are retried, 4xx fails the message with the answer as reason. Most SMS/WhatsApp
  providers (or a small adapter in front of them) accept this shape.
"""

import hashlib
import json
import logging
import smtplib
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class TransientError(Exception):
    """The channel is down for now: the message stays queued and is tried again."""


class PermanentError(Exception):
    """The channel refused this message for good (bad address, rejected by the gateway)."""


def message_id(key: str) -> str:
    """One Message-ID per idempotency key: a resent copy is recognisably the same message."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = getattr(settings, "EMAIL_MESSAGE_ID_DOMAIN", "csrplan.local")
    return f"<{digest}@{domain}>"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def attachment_renderers() -> dict:
    """Kind → dotted path of its renderer, from every app whose AppConfig has `message_attachments`.

    The hook lets an app above this floor (reports renders PDFs) make the files of messages that an
    app below it queued: `render(spec: dict, *, language: str) -> Attachment`."""
    renderers: dict = {}
    for config in apps.get_app_configs():
        renderers.update(getattr(config, "message_attachments", {}))
    return renderers


def render_attachments(specs: list[dict], *, language: str) -> list[Attachment]:
    """Renders a message's attachments now. A kind nobody renders, or a renderer that fails, fails
    the message with the reason (a person looks and retries), rather than sending it without them."""
    if not specs:
        return []
    renderers = attachment_renderers()
    rendered = []
    for spec in specs:
        path = renderers.get(spec.get("kind", ""))
        if path is None:
            raise PermanentError(f"no renderer for attachment {spec.get('kind')!r}")
        try:
            rendered.append(import_string(path)(spec, language=language))
        except Exception as error:
            logger.exception("Attachment %r not rendered", spec)
            raise PermanentError(f"attachment {spec.get('kind')!r} not rendered: {error}") from error
    return rendered


def email_connection():
    """One connection for a batch, opened now and closed by the caller. When the server cannot be
    reached, the connection stays closed and each send tries again and reports the error."""
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Mail server not reachable for this batch: %s", error)
    return connection


def send_email(
    *,
    to: str,
    subject: str,
    body: str,
    key: str,
    unsubscribe_url: str = "",
    attachments: list[Attachment] | tuple = (),
    connection=None,
) -> None:
    """Sends one e-mail, through `connection` when a batch shares one (one SMTP session for many)."""
    headers = {"Message-ID": message_id(key), "X-Csrplan-Key": key}
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMessage(subject=subject, body=body, to=[to], headers=headers, connection=connection)
    for attachment in attachments:
        email.attach(attachment.filename, attachment.content, attachment.mimetype)
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as error:
        raise PermanentError(f"recipient refused: {error.recipients}") from error
    except (smtplib.SMTPException, OSError) as error:  # TimeoutError is an OSError
        raise TransientError(f"{type(error).__name__}: {error}") from error


class TextGateway(Protocol):
    def send(self, *, channel: str, to: str, body: str, key: str) -> None: ...


class ConsoleTextGateway:
    def send(self, *, channel: str, to: str, body: str, key: str) -> None:
        logger.info("%s to %s [%s]: %s", channel, to, key, body)
        path = getattr(settings, "TEXT_GATEWAY_FILE", "")
        if path:
            with open(path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps({"channel": channel, "to": to, "body": body, "key": key}) + "\n")


class HttpTextGateway:
    def send(self, *, channel: str, to: str, body: str, key: str) -> None:
        payload = json.dumps({"channel": channel, "to": to, "body": body, "idempotency_key": key}).encode()
        request = urllib.request.Request(
            settings.TEXT_GATEWAY_URL,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.TEXT_GATEWAY_TOKEN}",
                "Idempotency-Key": key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 (configured URL)
                response.read()
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                raise TransientError(f"gateway answered {error.code}") from error
            raise PermanentError(f"gateway answered {error.code}: {error.read()[:200]!r}") from error
        except (urllib.error.URLError, OSError) as error:
            raise TransientError(f"{type(error).__name__}: {error}") from error


def text_gateway() -> TextGateway:
    return import_string(settings.TEXT_GATEWAY)()


def send_text(*, channel: str, to: str, body: str, key: str) -> None:
    text_gateway().send(channel=channel, to=to, body=body.strip(), key=key)
