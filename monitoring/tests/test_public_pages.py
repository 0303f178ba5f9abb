"""The public "you said, we did" page of an FGD and the public page of the approved plan: what became
of each aspiration, the programs by kecamatan, no personal data, constant queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.page_cache import bump_public_version
from fgd.models import Aspiration, FgdSession
from monitoring import selectors
from programs.models import AnnualPlan
from programs.tests.factories import AnnualPlanFactory, AspirationFactory, ProgramFactory, RegionFactory

from .public_scenario import SECRETS, build, through

pytestmark = pytest.mark.django_db
Status = Aspiration.Status
TODAY = dt.date(2025, 6, 30)  # the plan's year has begun: its progress shows


@pytest.fixture
def scenario(officer):
    return build(officer)


def test_each_aspiration_raised_and_what_became_of_it(scenario):
    outcomes = selectors.session_outcomes(session=scenario["session"], today=TODAY)
    rows = {row.title.removeprefix("Usulan "): row for row in outcomes.rows}
    assert set(rows) == {"received", "accepted", "under-way", "done", "planned", "declined", "merged", "public"}
    assert outcomes.summary == selectors.OutcomeSummary(raised=8, accepted=6, planned=4, in_progress=1, done=1)
    assert rows["merged"].status == Status.PLANNED and rows["merged"].merged_into == rows["planned"].code
    assert [p.name for p in rows["merged"].programs] == ["Mangrove Penajam"]
    assert rows["declined"].reason == "Di luar wilayah operasi"
    assert [(p.name, p.progress) for p in rows["under-way"].programs] == [("Bank sampah Margo Mulyo", 50)]
    assert rows["accepted"].programs == [] and rows["accepted"].place == "Balikpapan Barat › Margo Mulyo"


def test_the_page_shows_the_summary_and_no_personal_data(client, scenario, officer):
    session = scenario["session"]
    response = client.get(reverse("public:fgd_outcomes", args=[session.public_code]))
    html = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'data-testid="outcome-summary">(.*?)</p>', html).group(1)
    assert summary == (
        "8 aspirasi disampaikan · 6 diterima · 4 masuk rencana yang disetujui · 1 sedang berjalan · 1 selesai"
    )
    for aspiration in scenario["aspirations"].values():
        assert (aspiration.tracking_code in html) == (aspiration.title != "Usulan unread")
    assert "Di luar wilayah operasi" in html and "Bank sampah Margo Mulyo" in html
    for secret in [*SECRETS, officer.username]:
        assert secret not in html, secret
    assert '<meta name="description" content="' in html


def test_sessions_whose_minutes_are_not_final_are_not_public(client, scenario):
    session = scenario["session"]
    for status in (FgdSession.Status.PLANNED, FgdSession.Status.HELD):
        FgdSession.objects.filter(pk=session.pk).update(status=status)
        assert client.get(reverse("public:fgd_outcomes", args=[session.public_code])).status_code == 404
    assert client.get(reverse("public:fgd_outcomes", args=["NOPE42"])).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# Queries of a request in a test: a savepoint's two, plus: the session, its aspirations, their programs,
# their mains' programs, their histories, their mains' histories, the activities and realisations for
# the progress (8); the plan, its programs (budget and answered counted in the same query), SDGs,
# places, activities, realisations (6). The same however many aspirations or programs. Both bodies
# are then cached (core/page_cache.py) until something is written: only the savepoint's two.
OUTCOME_QUERIES = 2 + 8
PLAN_QUERIES = 2 + 6
CACHED_QUERIES = 2


def test_both_pages_take_a_constant_number_of_queries(client, scenario):
    session, plan = scenario["session"], scenario["plan"]
    outcomes_url, plan_url = reverse("public:fgd_outcomes", args=[session.public_code]), reverse("public:plan")
    client.get(plan_url)  # the session cookie and language settle on the first visit
    bump_public_version()
    before = (_queries(client, outcomes_url), _queries(client, plan_url))
    assert (_queries(client, outcomes_url), _queries(client, plan_url)) == (CACHED_QUERIES, CACHED_QUERIES)
    for _ in range(3):
        program = ProgramFactory(plan=plan, regions=[RegionFactory()], with_activity=10_000_000)
        program.aspirations.add(through(AspirationFactory(status=Status.RECEIVED, session=session), Status.ACCEPTED))
    # The writes replaced the version: both are rendered afresh, at the same cost.
    after = (_queries(client, outcomes_url), _queries(client, plan_url))
    assert before == after == (OUTCOME_QUERIES, PLAN_QUERIES)


def test_the_plan_page_groups_programs_by_kecamatan_and_counts_as_the_traceability_page(client, scenario, viewer):
    plan, started, waiting = scenario["plan"], scenario["started"], scenario["waiting"]
    o = selectors.public_plan(today=TODAY)
    assert o.plan == plan and o.executing and o.program_count == 2
    groups = {g.label: [p.name for p in g.programs] for g in o.groups}
    assert groups == {
        "Kota Balikpapan › Balikpapan Barat": ["Bank sampah Margo Mulyo", "Mangrove Penajam"],
        "Penajam": ["Mangrove Penajam"],
    }
    html = client.get(reverse("public:plan")).content.decode()
    staff = Client()
    staff.force_login(viewer)
    staff_html = staff.get(reverse("programs:traceability", args=[plan.pk])).content.decode()
    for program in (started, waiting):
        linked = program.aspirations.count()
        assert re.search(rf'data-testid="answered-{program.code}">Menjawab {linked} aspirasi<', html)
        assert re.search(rf'data-testid="answered-{program.code}">menjawab {linked} aspirasi<', staff_html)
    assert "Rp 100.000.000" in html and "TPB/SDG 1" in html
    for secret in ["Rahmat", "Hidayatullah", "Budi Santoso", "Siti Rahmawati"]:
        assert secret not in html, secret


def test_only_the_newest_approved_version_is_public(client, scenario):
    plan = scenario["plan"]
    assert selectors.public_plan(today=TODAY).plan == plan
    newer = AnnualPlanFactory(
        strategic_plan=plan.strategic_plan, year=2025, version=2, status=AnnualPlan.Status.APPROVED, revised_from=plan
    )
    AnnualPlanFactory(strategic_plan=plan.strategic_plan, year=2025, version=3, status=AnnualPlan.Status.DRAFT)
    assert selectors.public_plan(today=TODAY).plan == newer
    AnnualPlan.objects.update(status=AnnualPlan.Status.DRAFT)
    html = client.get(reverse("public:plan")).content.decode()
    assert 'data-testid="no-public-plan"' in html


def test_the_tracking_page_links_to_the_session_page_once_its_minutes_are_final(client, scenario):
    aspiration = scenario["aspirations"]["accepted"]
    track = reverse("aspirations:track_detail", args=[aspiration.tracking_code])
    page = client.get(track).content.decode()
    assert reverse("public:fgd_outcomes", args=[scenario["session"].public_code]) in page
    assert reverse("public:plan") in page
    FgdSession.objects.filter(pk=scenario["session"].pk).update(status=FgdSession.Status.HELD)
    assert 'data-testid="session-outcomes-link"' not in client.get(track).content.decode()
    assert reverse("public:plan") in client.get("/").content.decode()


def test_on_the_demo_data_no_stakeholder_submitter_or_staff_member_is_named(client, settings):
    """As the tracking page's test: every person the demo knows, by name, phone and e-mail."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from stakeholders.models import Stakeholder

    settings.DEBUG = True  # the demo's users have a known password: seeded only in development
    call_command("seed_demo")
    session = FgdSession.objects.filter(status=FgdSession.Status.MINUTES_FINAL).first()
    pages = [
        client.get(reverse("public:fgd_outcomes", args=[session.public_code])).content.decode(),
        client.get(reverse("public:plan")).content.decode(),
    ]
    assert 'data-testid="outcome-' in pages[0] and 'data-testid="answered-' in pages[1]
    secrets = set()
    for name, phone, email in Stakeholder.objects.values_list("name", "phone", "email"):
        secrets |= {name, phone, email, phone.removeprefix("+62")}
    for row in Aspiration.objects.values_list("submitter_name", "submitter_phone", "submitter_email"):
        secrets |= set(row)
    for user in get_user_model().objects.all():
        secrets |= {user.get_full_name(), user.email}
    secrets |= {session.facilitators}
    secrets = {s for s in secrets if s and len(s) > 4}
    assert len(secrets) > 50
    for html in pages:
        found = sorted(s for s in secrets if s in html)
        assert found == []
