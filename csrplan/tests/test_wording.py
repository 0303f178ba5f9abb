"""Words a resident or an officer could misread (issue 11, item 16): one word per meaning, both languages."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from core.access import Role
from core.i18n import catalogue_paths
from fgd.models import Aspiration, AspirationStatusChange, Invitation
from fgd.tests.factories import AspirationFactory
from fgd.tests.session_factories import FgdSessionFactory

# Words replaced everywhere: "Diterima masuk" reads like "Diterima" (accepted); one verb for
# "under review" (ditinjau); one name for the viewer role (Pemantau); "Nilai awal" for baseline.
RETIRED = [r"Diterima masuk", r"\bdikaji\b", r"\bPeninjau\b", r"\bPengamat\b", r"[Nn]ilai dasar", r"\bmenghambat\b"]


def _id_msgstrs():
    from django.conf import settings

    for path in catalogue_paths(settings.BASE_DIR):
        if "/id/" not in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', text, flags=re.M):
            yield path, "".join(re.findall(r'"(.*)"', block))


def test_indonesian_catalogues_use_one_word_per_meaning():
    found = [(str(path.parent.parent.parent), s) for path, s in _id_msgstrs() for w in RETIRED if re.search(w, s)]
    assert found == []


def test_status_rsvp_and_role_labels_are_unambiguous():
    with translation.override("id"):
        assert Aspiration.Status.RECEIVED.label == "Baru masuk"
        assert Aspiration.Status.ACCEPTED.label == "Diterima"
        assert Aspiration.Status.UNDER_REVIEW.label == "Sedang ditinjau"
        assert Invitation.Response.ACCEPTED.label == "Bersedia hadir"
        assert Invitation.Response.DECLINED.label == "Berhalangan"
        assert Role.VIEWER.label == "Pemantau"
        badge = "blocking"  # the checklist's badge (a variable: this test file is not a source of strings)
        assert translation.gettext(badge) == "Wajib"
    with translation.override("en"):
        assert Invitation.Response.ACCEPTED.label == "Accepted"


@pytest.mark.django_db
def test_history_names_the_person_and_its_column_is_not_the_edit_button(client, make_user):
    officer = make_user(Role.OFFICER, first_name="Sari", last_name="Wulandari")
    aspiration = AspirationFactory(status=Aspiration.Status.UNDER_REVIEW)
    AspirationStatusChange.objects.create(
        aspiration=aspiration, from_status="received", to_status="under_review", changed_by=officer
    )
    client.force_login(officer)
    body = client.get(f"/aspirations/{aspiration.pk}/").content.decode()
    history = body[body.index('data-testid="status-history"') :]
    history = history[: history.index("</table>")]
    assert "Sari Wulandari" in history
    assert ">Perubahan status</th>" in history and ">Ubah<" not in history
    assert "Baru masuk" in history and "Sedang ditinjau" in history


@pytest.mark.django_db
def test_staff_aspiration_form_does_not_say_your_name(client, officer):
    client.force_login(officer)
    body = client.get("/aspirations/new/").content.decode()
    assert "Nama pengirim" in body and "Organisasi pengirim" in body
    assert "Nama Anda" not in body and "nama Anda" not in body


@pytest.mark.django_db
def test_dashboard_counts_read_as_english_plurals(client, viewer):
    FgdSessionFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    AspirationFactory()
    client.force_login(viewer)
    client.cookies["csrplan_language"] = "en"
    body = client.get("/").content.decode()
    figures = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))
    assert "1 upcoming FGD " in figures and "1 aspiration " in figures


def test_list_counts_are_written_with_the_languages_thousands_separator(client, viewer):
    """Issue 11 item 7: "10.000 aspirasi", "10,000 aspirations": the count beside a list is a number like any other."""
    Aspiration.objects.bulk_create(AspirationFactory.build_batch(1_200))
    client.force_login(viewer)
    assert "1.200 aspirasi" in client.get("/aspirations/").content.decode()
    client.cookies["csrplan_language"] = "en"
    assert "1,200 aspirations" in client.get("/aspirations/").content.decode()
