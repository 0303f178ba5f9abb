"""SMS/WhatsApp through the documented HTTP gateway, against a real local HTTP server."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from notifications import channels, services
from notifications.models import Message

pytestmark = pytest.mark.django_db


class _Gateway(BaseHTTPRequestHandler):
    answer = 200
    received: list = []

    def do_POST(self):  # noqa: N802 (http.server's hook name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((dict(self.headers), json.loads(body)))
        self.send_response(type(self).answer)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = None
    for port in range(8140, 8150):
        try:
            server = HTTPServer(("127.0.0.1", port), _Gateway)
            break
        except OSError:
            continue
    assert server is not None
    _Gateway.received, _Gateway.answer = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.TEXT_GATEWAY = "notifications.channels.HttpTextGateway"
    settings.TEXT_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.TEXT_GATEWAY_TOKEN = "rahasia"
    yield _Gateway
    server.shutdown()
    server.server_close()


def _text(key="sms:1", channel=Message.Channel.WHATSAPP) -> Message:
    message = services.message_queue(
        channel=channel,
        recipient="+6281234567890",
        language="id",
        template="notifications/plain",
        context={"subject": "", "body": "Kode Anda ASP-2345-6789"},
        key=key,
    )
    assert message is not None
    return message


def test_a_text_is_posted_as_json_with_the_token_and_the_key(gateway):
    message = _text()
    assert services.message_send(message_id=message.pk) == Message.Status.SENT
    [(headers, payload)] = gateway.received
    assert headers["Authorization"] == "Bearer rahasia" and headers["Idempotency-Key"] == "sms:1"
    assert payload == {
        "channel": "whatsapp",
        "to": "+6281234567890",
        "body": "Kode Anda ASP-2345-6789",  # a text is counted by its characters: no trailing newline
        "idempotency_key": "sms:1",
    }


def test_a_gateway_error_is_retried_and_a_refusal_fails_with_the_answer(gateway, monkeypatch):
    monkeypatch.setattr(services, "RETRY_BASE_SECONDS", 0)
    gateway.answer = 503
    message = _text("sms:2")
    assert services.message_send(message_id=message.pk) == Message.Status.QUEUED
    gateway.answer = 400
    assert services.message_send(message_id=message.pk) == Message.Status.FAILED
    message.refresh_from_db()
    assert "gateway answered 400" in message.last_error
    with pytest.raises(channels.TransientError):
        gateway.answer = 500
        channels.HttpTextGateway().send(channel="sms", to="+62", body="x", key="k")
