"""The staff triage queue and detail page: permissions, filters, bulk actions, forms, exports, query counts."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from fgd.models import Aspiration, AspirationCategory, FgdSession
from fgd.services.aspirations import aspiration_create, aspiration_transition
from fgd.tests.factories import AspirationFactory
from stakeholders.models import Region

Status = Aspiration.Status
LIST = "/aspirations/"


@pytest.fixture
def public_aspiration(db):
    return AspirationFactory(
        public=True,
        title="Pelatihan pemasaran sabut kelapa",
        submitter_name="Siti Rahmawati",
        submitter_phone="081255551234",
        submitter_email="siti@example.id",
    )


# --- Permissions ------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login_page(client, public_aspiration):
    for url in [LIST, f"/aspirations/{public_aspiration.pk}/", "/aspirations/new/", "/aspirations/export/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_viewer_reads_the_queue_but_sees_no_contact_data_and_cannot_act(client_for, viewer, public_aspiration):
    client = client_for(viewer)
    assert client.get(LIST).status_code == 200
    detail = client.get(f"/aspirations/{public_aspiration.pk}/").content.decode()
    assert "081255551234" not in detail and "siti@example.id" not in detail and "Siti Rahmawati" not in detail
    assert 'data-testid="transition-form"' not in detail
    url = f"/aspirations/{public_aspiration.pk}/transition/"
    assert client.post(url, {"to_status": "under_review"}).status_code == 403
    assert (
        client.post("/aspirations/bulk/", {"ids": [public_aspiration.pk], "action": "under_review"}).status_code == 403
    )
    assert client.get("/aspirations/new/").status_code == 403
    public_aspiration.refresh_from_db()
    assert public_aspiration.status == Status.RECEIVED


def test_an_officer_sees_contact_data_and_the_forms(client_for, officer, public_aspiration):
    detail = client_for(officer).get(f"/aspirations/{public_aspiration.pk}/").content.decode()
    assert "081255551234" in detail and "siti@example.id" in detail
    assert 'data-testid="transition-form"' in detail and 'data-testid="score-form"' in detail


def test_a_user_without_a_role_is_refused(client_for, make_user, public_aspiration):
    assert client_for(make_user(None)).get(LIST).status_code == 403


# --- Transitions through the page ----------------------------------------------------------------


def test_an_officer_moves_an_aspiration_with_notes(client_for, officer, public_aspiration):
    client = client_for(officer)
    url = f"/aspirations/{public_aspiration.pk}/transition/"
    response = client.post(url, {"to_status": "under_review", "public_note": "Sedang dikaji", "private_note": "x"})
    assert response.status_code == 302
    change = public_aspiration.status_changes.last()
    assert (change.to_status, change.changed_by, change.public_note) == ("under_review", officer, "Sedang dikaji")


def test_declining_without_a_public_reason_shows_an_error_and_changes_nothing(client_for, officer, public_aspiration):
    url = f"/aspirations/{public_aspiration.pk}/transition/"
    response = client_for(officer).post(url, {"to_status": "declined", "public_note": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "id_public_note_error" in html
    public_aspiration.refresh_from_db()
    assert public_aspiration.status == Status.RECEIVED


def test_an_invalid_transition_is_refused_with_a_clear_message(client_for, officer, db):
    aspiration = aspiration_create(title="Beasiswa", description="x", source="fgd")
    aspiration_transition(aspiration=aspiration, to_status=Status.ACCEPTED)
    response = client_for(officer).post(f"/aspirations/{aspiration.pk}/transition/", {"to_status": "done"})
    assert response.status_code == 400
    assert 'data-testid="transition-form"' in response.content.decode()
    aspiration.refresh_from_db()
    assert aspiration.status == Status.ACCEPTED


# --- Priority ----------------------------------------------------------------------------------


def test_scoring_shows_the_weighted_score_and_sorts_the_queue(client_for, officer, db, settings):
    settings.PRIORITY_WEIGHTS = {"urgency": 3, "reach": 2, "ring": 2, "alignment": 2, "feasibility": 1}
    low = AspirationFactory(title="Rendah")
    high = AspirationFactory(title="Tinggi")
    AspirationFactory(title="Belum dinilai")
    client = client_for(officer)
    scores = {"urgency": 5, "reach": 4, "ring_score": 5, "alignment": 3, "feasibility": 2}
    assert client.post(f"/aspirations/{high.pk}/score/", scores).status_code == 302
    client.post(f"/aspirations/{low.pk}/score/", dict.fromkeys(scores, 1))
    # (5*3 + 4*2 + 5*2 + 3*2 + 2*1) / (5 * 10) * 100 = 82
    assert 'data-testid="priority-score">82<' in client.get(f"/aspirations/{high.pk}/").content.decode()
    titles = [row.title for row in client.get(LIST).context["page_obj"].object_list]
    assert titles == ["Tinggi", "Rendah", "Belum dinilai"]


def test_scores_outside_1_to_5_are_refused(client_for, officer, public_aspiration):
    data = {"urgency": 9, "reach": 1, "ring_score": 1, "alignment": 1, "feasibility": 1}
    response = client_for(officer).post(f"/aspirations/{public_aspiration.pk}/score/", data)
    assert response.status_code == 400 and "id_urgency_error" in response.content.decode()


# --- The queue ---------------------------------------------------------------------------------


def test_filters_narrow_the_queue(client_for, viewer, db):
    health = AspirationCategory.objects.get(code="health")
    district = Region.objects.filter(level="district", ring=1).first()
    session = FgdSession.objects.create(title="FGD", starts_at=timezone.now(), venue="Banua Patra", public_code="F1")
    match = AspirationFactory(
        title="Posyandu", category=health, pillar="social", region=district, session=session, source="fgd"
    )
    other = AspirationFactory(title="Lain", category=AspirationCategory.objects.get(code="education"), source="letter")
    Aspiration.objects.filter(pk=other.pk).update(created_at=timezone.now() - timezone.timedelta(days=3))
    client = client_for(viewer)
    for params in [
        {"category": health.pk},
        {"pillar": "social", "source": "fgd"},
        {"region": district.pk},
        {"region": district.parent_id},
        {"ring": 1},
        {"session": session.pk},
        {"status": "open", "q": "posyandu"},
        {"date_from": timezone.localdate().isoformat()},
    ]:
        rows = [row.pk for row in client.get(LIST, params).context["page_obj"].object_list]
        assert rows == [match.pk], params


def test_bulk_mark_under_review_skips_what_cannot_move(client_for, officer, db):
    a, b = AspirationFactory(), AspirationFactory()
    done = AspirationFactory(status=Status.DONE)
    response = client_for(officer).post(
        "/aspirations/bulk/", {"ids": [a.pk, b.pk, done.pk], "action": "under_review", "next": "/aspirations/?page=1"}
    )
    assert response.status_code == 302 and response["Location"] == "/aspirations/?page=1"
    assert set(Aspiration.objects.filter(status=Status.UNDER_REVIEW).values_list("pk", flat=True)) == {a.pk, b.pk}
    assert a.status_changes.filter(to_status="under_review", changed_by=officer).exists()


def test_bulk_set_category(client_for, officer, db):
    a, b = AspirationFactory(), AspirationFactory()
    env = AspirationCategory.objects.get(code="environment")
    client_for(officer).post("/aspirations/bulk/", {"ids": [a.pk, b.pk], "action": "set_category", "category": env.pk})
    assert Aspiration.objects.filter(category=env).count() == 2


def test_bulk_set_category_needs_a_category(client_for, officer, db):
    a = AspirationFactory()
    client_for(officer).post("/aspirations/bulk/", {"ids": [a.pk], "action": "set_category"})
    a.refresh_from_db()
    assert a.category.code == "education"


def test_bulk_never_redirects_off_site(client_for, officer, db):
    a = AspirationFactory()
    response = client_for(officer).post(
        "/aspirations/bulk/", {"ids": [a.pk], "action": "under_review", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/aspirations/"


@pytest.mark.parametrize("rows", [5, 500])
def test_the_queue_runs_a_constant_number_of_queries(client_for, viewer, django_assert_num_queries, rows):
    session = FgdSession.objects.create(title="FGD", starts_at=timezone.now(), venue="Banua Patra", public_code="Q1")
    region = Region.objects.filter(level="subdistrict").first()
    main = AspirationFactory(title="Utama", region=region, session=session)
    AspirationFactory.create_batch(rows - 1, region=region, session=session, merged_into=main, status="merged")
    client = client_for(viewer)
    client.get(LIST)  # warm the role cache of the session
    # Fixed however many rows: the page's ids are sorted in one query, their rows loaded in another.
    with django_assert_num_queries(9):
        response = client.get(LIST, {"sort": "-supporters"})
    assert response.status_code == 200
    assert response.context["page_obj"].object_list[0].supporters == rows


# --- Staff entry and editing ---------------------------------------------------------------------


def test_an_officer_records_an_aspiration_from_a_letter(client_for, officer, db):
    data = {
        "title": "Perbaikan drainase RT 03",
        "description": "Surat dari Ketua RT",
        "source": "letter",
        "estimated_cost": "Rp 15.000.000",
        "submitter_name": "Pak Darto",
        "submitter_phone": "081211112222",
    }
    response = client_for(officer).post("/aspirations/new/", data)
    assert response.status_code == 200 and "id_consent_error" in response.content.decode()
    assert Aspiration.objects.count() == 0
    response = client_for(officer).post("/aspirations/new/", {**data, "consent": "on"})
    aspiration = Aspiration.objects.get()
    assert response["Location"] == f"/aspirations/{aspiration.pk}/"
    assert (aspiration.estimated_cost, aspiration.created_by, aspiration.status) == (15_000_000, officer, "received")
    assert aspiration.consent_given_at is not None


def test_editing_keeps_the_status_and_tracking_code(client_for, officer, public_aspiration):
    code = public_aspiration.tracking_code
    data = {
        "title": "Pelatihan pemasaran daring sabut kelapa",
        "description": "Diperbarui",
        "source": "public_form",
        "pillar": "economic",
        "category": AspirationCategory.objects.get(code="economic").pk,
        "submitter_name": "Siti Rahmawati",
        "consent": "on",
    }
    assert client_for(officer).post(f"/aspirations/{public_aspiration.pk}/edit/", data).status_code == 302
    public_aspiration.refresh_from_db()
    assert public_aspiration.tracking_code == code and public_aspiration.pillar == "economic"


# --- Exports -----------------------------------------------------------------------------------


def test_the_export_follows_the_filters_and_hides_contact_data_from_viewers(client_for, viewer, officer, db):
    AspirationFactory(public=True, title="Air bersih", submitter_phone="081299998888")
    AspirationFactory(title='=HYPERLINK("http://evil")', source="letter")
    response = client_for(viewer).get("/aspirations/export/", {"format": "csv", "source": "public_form"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][1] == "Air bersih"
    assert "081299998888" not in response.content.decode("utf-8-sig")
    response = client_for(officer).get("/aspirations/export/", {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert any("081299998888" in (row or []) for row in values)
    assert any(str(v).startswith("'=HYPERLINK") for row in values for v in row if v)


def test_the_attachment_is_streamed_to_staff_only(client, client_for, viewer, db):
    from django.core.files.base import ContentFile

    aspiration = AspirationFactory()
    aspiration.attachment.save("x.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    url = f"/aspirations/{aspiration.pk}/attachment/"
    assert client.get(url).status_code == 302
    response = client_for(viewer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
