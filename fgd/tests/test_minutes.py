"""Minutes: written as a draft, finalised (locks the record), shown on the page."""

import pytest
from django.urls import reverse

from fgd.models import FgdSession
from fgd.tests.session_factories import FgdSessionFactory

pytestmark = pytest.mark.django_db

MINUTES = {
    "summary": "FGD dihadiri 33 pemangku kepentingan dan menghasilkan 25 aspirasi.",
    "discussion_points": "- Pemasaran produk sabut kelapa\n- Panen air hujan",
    "agreements": "1. Aspirasi dikaji oleh tim TJSL\nRencana kerja dipaparkan Januari",
}


def test_an_officer_writes_the_minutes_and_the_page_shows_them(client_for, officer):
    session = FgdSessionFactory(status=FgdSession.Status.HELD)
    client = client_for(officer)
    response = client.post(reverse("fgd:minutes", args=[session.pk]), MINUTES)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.summary == MINUTES["summary"] and session.status == FgdSession.Status.HELD
    html = client.get(reverse("fgd:detail", args=[session.pk])).content.decode()
    assert "<li>Pemasaran produk sabut kelapa</li>" in html
    # The typed "1." is dropped, as in the PDF: the list numbers its items itself.
    assert "<li>Aspirasi dikaji oleh tim TJSL</li>" in html and "<li>Rencana kerja dipaparkan Januari</li>" in html


def test_finalising_needs_a_summary(client_for, officer):
    session = FgdSessionFactory(status=FgdSession.Status.HELD)
    response = client_for(officer).post(reverse("fgd:finalise", args=[session.pk]), follow=True)
    assert FgdSession.objects.get(pk=session.pk).status == FgdSession.Status.HELD
    assert "summary" in response.content.decode() or "ringkasan" in response.content.decode()


def test_finalising_locks_and_the_page_says_so(client_for, officer):
    session = FgdSessionFactory(status=FgdSession.Status.HELD, summary="Ringkasan")
    client = client_for(officer)
    response = client.post(reverse("fgd:finalise", args=[session.pk]), follow=True)
    session.refresh_from_db()
    assert session.is_locked and session.minutes_finalised_by == officer
    html = response.content.decode()
    assert 'data-testid="lock-notice"' in html
    assert reverse("fgd:minutes", args=[session.pk]) not in html  # no edit link
    assert 'data-testid="reopen-form"' not in html  # officers cannot reopen
    assert client.get(reverse("fgd:minutes", args=[session.pk])).status_code == 302


def test_a_manager_sees_the_reopen_form(client_for, manager):
    session = FgdSessionFactory(status=FgdSession.Status.MINUTES_FINAL, summary="Ringkasan")
    html = client_for(manager).get(reverse("fgd:detail", args=[session.pk])).content.decode()
    assert 'data-testid="reopen-form"' in html


def test_viewers_read_the_minutes_but_cannot_write_them(client_for, viewer):
    session = FgdSessionFactory(status=FgdSession.Status.HELD, summary="Ringkasan rapat")
    client = client_for(viewer)
    assert "Ringkasan rapat" in client.get(reverse("fgd:detail", args=[session.pk])).content.decode()
    assert client.post(reverse("fgd:minutes", args=[session.pk]), MINUTES).status_code == 403
    assert client.post(reverse("fgd:finalise", args=[session.pk])).status_code == 403
    assert FgdSession.objects.get(pk=session.pk).summary == "Ringkasan rapat"


def test_officers_get_the_generate_pdf_button_viewers_do_not(client_for, officer, viewer):
    session = FgdSessionFactory(status=FgdSession.Status.HELD)
    url = reverse("fgd:detail", args=[session.pk])
    html = client_for(officer).get(url).content.decode()
    assert 'name="kind" value="fgd_minutes_pdf"' in html and f'name="target" value="{session.pk}"' in html
    assert reverse("reports:generate") in html
    html = client_for(viewer).get(url).content.decode()
    assert "fgd_minutes_pdf" not in html


def test_megabytes_of_minutes_are_refused_and_what_was_typed_stays(client_for, officer):
    session = FgdSessionFactory(status=FgdSession.Status.HELD)
    huge = {**MINUTES, "discussion_points": "- poin diskusi yang panjang\n" * 200_000}  # 5.6 MB
    response = client_for(officer).post(reverse("fgd:minutes", args=[session.pk]), huge)
    html = response.content.decode()
    assert response.status_code == 200 and "error_1_id_discussion_points" in html
    session.refresh_from_db()
    assert session.discussion_points == ""
    assert MINUTES["summary"] in html
    assert 'maxlength="40000"' in response.content.decode()
