"""The public pages' bodies are cached (core/page_cache.py), and every write to what they show
renders them afresh on the next request: a status change and its public note, a plan approved,
progress recorded, a set-based update; the languages never mix; a blocked client learns nothing."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import versions
from fgd.models import Aspiration
from fgd.services import public as spam
from fgd.services.aspirations import aspiration_transition
from monitoring import services as monitoring
from programs import services as programs
from programs.models import AnnualPlan
from programs.tests.factories import ActivityFactory, AnnualPlanFactory, AspirationFactory, ProgramFactory

pytestmark = pytest.mark.django_db
Status = Aspiration.Status


def _visitor(language: str = "id") -> Client:
    client = Client()
    client.cookies["csrplan_language"] = language
    return client


def _page(client: Client, aspiration: Aspiration) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("aspirations:track_detail", args=[aspiration.tracking_code]))
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_second_visit_is_served_from_the_cache_and_a_status_change_shows_at_once(officer):
    aspiration = AspirationFactory(title="Lampu jalan Gunung Samarinda")
    visitor = _visitor()
    _, first = _page(visitor, aspiration)
    html, cached = _page(visitor, aspiration)
    assert cached < first and "Lampu jalan Gunung Samarinda" in html

    aspiration_transition(aspiration=aspiration, to_status=Status.UNDER_REVIEW, by=officer, public_note="Survei Senin")
    html, queries = _page(visitor, aspiration)
    assert "Survei Senin" in html and queries == first
    aspiration_transition(aspiration=aspiration, to_status=Status.DECLINED, by=officer, public_note="Di luar wilayah")
    assert "Di luar wilayah" in _page(visitor, aspiration)[0]


def test_languages_do_not_mix():
    aspiration = AspirationFactory()
    for _ in range(2):  # a miss and a hit for each, in turn
        indonesian = _page(_visitor("id"), aspiration)[0]
        english = _page(_visitor("en"), aspiration)[0]
        assert "Perkembangan sejauh ini" in indonesian and "What happened so far" not in indonesian
        assert "What happened so far" in english and "Perkembangan sejauh ini" not in english


def test_a_plan_approved_and_progress_recorded_show_on_the_next_request(officer, manager):
    plan = AnnualPlanFactory(budget_ceiling=1_000_000_000, year=2025)
    program = ProgramFactory(plan=plan, code="EKO-01", name="Air bersih Margasari")
    activity = ActivityFactory(program=program, months=[1, 2], budget=100_000_000)
    aspiration = AspirationFactory()
    programs.program_link_aspiration(program=program, aspiration=aspiration, by=officer)
    visitor = _visitor()
    for _ in range(2):
        assert "Air bersih Margasari" not in _page(visitor, aspiration)[0]  # a draft plans nothing

    programs.plan_submit(plan=plan, by=officer)
    programs.plan_approve(plan=plan, by=manager)
    assert AnnualPlan.objects.get(pk=plan.pk).status == AnnualPlan.Status.APPROVED
    html = _page(visitor, aspiration)[0]
    assert "Air bersih Margasari" in html and 'data-testid="public-program-progress"' in html
    assert "0%" in _page(visitor, aspiration)[0]

    monitoring.realisation_save(activity=activity, month=1, version=0, by=officer, status="on_track", progress=50)
    assert "50%" in _page(visitor, aspiration)[0]


def test_a_set_based_update_shows_on_the_next_request():
    aspiration = AspirationFactory(title="Sebelum")
    visitor = _visitor()
    for _ in range(2):
        assert "Sebelum" in _page(visitor, aspiration)[0]
    Aspiration.objects.filter(pk=aspiration.pk).update(title="Sesudah")  # no signal is sent
    assert "Sesudah" in _page(visitor, aspiration)[0]


def test_a_blocked_client_learns_nothing_even_from_a_cached_page():
    aspiration = AspirationFactory(title="Rahasia kecil")
    visitor = _visitor()
    assert "Rahasia kecil" in _page(visitor, aspiration)[0]
    for _ in range(spam.TRACK_FAILURE_LIMIT):
        visitor.get("/aspirations/track/", {"code": "ASP-2222-3333"})
    response = visitor.get(reverse("aspirations:track_detail", args=[aspiration.tracking_code]))
    assert response.status_code == 429 and "Rahasia kecil" not in response.content.decode()


def test_the_public_plan_shows_a_new_program_on_the_next_request(client, manager):
    plan = AnnualPlanFactory(status=AnnualPlan.Status.APPROVED, year=2025)
    ProgramFactory(plan=plan, name="Bank sampah", with_activity=10_000_000)
    for _ in range(2):
        html = client.get(reverse("public:plan")).content.decode()
        assert "Bank sampah" in html and "Posyandu" not in html
    ProgramFactory(plan=plan, name="Posyandu", with_activity=10_000_000)
    assert "Posyandu" in client.get(reverse("public:plan")).content.decode()


@pytest.mark.parametrize(
    ("sql", "watched"),
    [
        ('UPDATE "fgd_aspiration" SET "title" = %s', True),
        ('INSERT INTO "monitoring_realisation" ("activity_id") VALUES (%s)', True),
        ('DELETE FROM "programs_program_aspirations" WHERE id = %s', True),
        ('SELECT * FROM "fgd_aspiration"', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
        ('INSERT INTO "notifications_message" ("body") VALUES (%s)', False),
    ],
)
def test_which_writes_replace_the_version(sql, watched):
    assert (versions.PUBLIC in versions.tokens_replaced_by(sql)) is watched
