"""A 400/403/429 answered to a client is logged once, on one line, without a traceback (issue 11, item 17)."""

import io
import logging

import pytest
from django.core.cache import cache


@pytest.fixture
def console():
    """What the configured console handler writes (settings.LOGGING), with its filters."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def _lines(stream):
    return [line for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.django_db
def test_a_disallowed_host_is_one_line_without_traceback(client, console):
    response = client.get("/aspirations/submit/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    lines = _lines(console)
    assert len(lines) == 1, lines
    assert "evil.example" in lines[0] and "Traceback" not in console.getvalue()


@pytest.mark.django_db
def test_a_refused_role_is_one_line_without_traceback(client, viewer, console):
    client.force_login(viewer)
    response = client.get("/aspirations/new/")
    assert response.status_code == 403
    lines = _lines(console)
    assert len(lines) == 1 and "/aspirations/new/" in lines[0], lines
    assert "Traceback" not in console.getvalue()


@pytest.mark.django_db
def test_a_throttled_client_is_one_line(client, console):
    from fgd.services import public as spam

    cache.clear()
    for _ in range(spam.TRACK_FAILURE_LIMIT):
        client.get("/aspirations/track/", {"code": "ASP-2222-3333"})
    console.seek(0)
    console.truncate()
    assert client.get("/aspirations/track/", {"code": "ASP-2222-4444"}).status_code == 429
    lines = _lines(console)
    assert len(lines) == 1 and "Too Many Requests" in lines[0], lines


@pytest.mark.django_db
def test_a_server_error_keeps_its_traceback(console):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logger.error("Internal Server Error: /x/", exc_info=True, extra={"status_code": 500})
    assert "Traceback" in console.getvalue() and "boom" in console.getvalue()
