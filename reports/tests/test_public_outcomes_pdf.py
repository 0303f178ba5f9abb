"""The "you said, we did" PDF: the same selector and summary line as the public page, read back; no
personal data; rendered once per content (a public PDF must not be a way to keep WeasyPrint busy)."""

import io
import re
import subprocess

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from fgd.models import Aspiration, FgdSession
from fgd.services.aspirations import aspiration_transition
from monitoring.tests.public_scenario import SECRETS, build
from reports import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(officer):
    cache.clear()
    yield build(officer)
    cache.clear()


def _pdf(client, code: str, language: str = "id") -> bytes:
    client.cookies["csrplan_language"] = language
    response = client.get(reverse("public:fgd_outcomes_pdf", args=[code]))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return response.content


def _text(pdf: bytes) -> str:
    """pdftotext, as a reader would copy it (pypdf splits the summary's middle dots differently)."""
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _summary_on_page(client, code: str) -> str:
    html = client.get(reverse("public:fgd_outcomes", args=[code])).content.decode()
    return re.search(r'data-testid="outcome-summary">(.*?)</p>', html).group(1)


def test_the_pdf_says_what_the_page_says_without_personal_data(client, scenario, officer):
    session = scenario["session"]
    pdf = _pdf(client, session.public_code)
    text = " ".join(_text(pdf).split())
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
    assert _summary_on_page(client, session.public_code) in text
    assert "8 aspirasi disampaikan · 6 diterima · 4 masuk rencana yang disetujui" in text
    for aspiration in scenario["aspirations"].values():
        assert (aspiration.tracking_code in text) == (aspiration.title != "Usulan unread")
    assert "Bank sampah Margo Mulyo: 50% selesai" in text and "Di luar wilayah operasi" in text
    for secret in [*SECRETS, officer.username]:
        assert secret not in text, secret
    english = " ".join(_text(_pdf(client, session.public_code, "en")).split())
    assert "8 aspirations raised · 6 accepted · 4 in an approved plan · 1 in progress · 1 done" in english


def test_it_is_rendered_once_then_again_only_when_what_it_says_changes(client, scenario):
    session = scenario["session"]
    first = _pdf(client, session.public_code)
    key = services.fgd_outcomes_pdf_key(session=session, language="id")
    assert cache.get(key) == first
    # While the render lock of this content is taken, the stored copy is still served: no render.
    cache.add(f"{key}:lock", 1, 60)
    assert _pdf(client, session.public_code) == first

    accepted = Aspiration.objects.get(session=session, title="Usulan accepted")
    aspiration_transition(aspiration=accepted, to_status=Aspiration.Status.DECLINED, public_note="Sudah ada program")
    changed = services.fgd_outcomes_pdf_key(session=session, language="id")
    assert changed != key and cache.get(changed) is None
    # New content is rendered afresh, by one request at a time: the others are asked to come back.
    cache.add(f"{changed}:lock", 1, 60)
    busy = client.get(reverse("public:fgd_outcomes_pdf", args=[session.public_code]))
    assert busy.status_code == 503 and busy["Retry-After"] == "5"
    cache.delete(f"{changed}:lock")
    fresh = _pdf(client, session.public_code)
    assert fresh != first and "Sudah ada program" in _text(fresh) and cache.get(changed) == fresh


def test_only_sessions_with_final_minutes(client, scenario):
    session = scenario["session"]
    FgdSession.objects.filter(pk=session.pk).update(status=FgdSession.Status.HELD)
    assert client.get(reverse("public:fgd_outcomes_pdf", args=[session.public_code])).status_code == 404
    assert client.get(reverse("public:fgd_outcomes_pdf", args=["NOPE42"])).status_code == 404


def test_without_the_cache_it_is_still_served(client, scenario):
    session = scenario["session"]
    dead = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=dead):  # nothing listens on port 1
        assert "Usulan done" in _text(_pdf(client, session.public_code))
