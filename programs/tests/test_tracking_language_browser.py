"""Issue 11 items 5 and 6, as a resident sees them: the tracking page says "planned" only once the plan
is approved, and the notes the system wrote read in the reader's language (English throughout)."""

import pytest

from fgd.models import Aspiration
from fgd.services.aspirations import aspiration_create, aspiration_merge, aspiration_transition
from programs import services

from .factories import AnnualPlanFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_english_tracking_page_is_english_and_planned_follows_approval(page, live_server, officer, manager):
    main = aspiration_create(title="Bank sampah RT 05", description="-", source="fgd")
    duplicate = aspiration_create(title="Bank sampah Prapatan", description="-", source="public_form")
    aspiration_transition(aspiration=main, to_status=Aspiration.Status.ACCEPTED, by=officer)
    aspiration_merge(duplicate=duplicate, into=main, by=officer)
    plan = AnnualPlanFactory(title="Rencana Kerja", year=2025)
    program = ProgramFactory(plan=plan, name="Bank Sampah Prapatan", with_activity=10)
    services.program_link_aspiration(program=program, aspiration=main, by=officer)

    page.context.add_cookies([{"name": "csrplan_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/aspirations/track/{main.tracking_code}/")
    history = page.get_by_test_id("public-history").inner_text()
    assert "Planned" not in history and page.get_by_test_id("public-programs").count() == 0  # a draft's link

    services.plan_submit(plan=plan, by=officer)
    services.plan_approve(plan=plan, by=manager)
    page.goto(f"{live_server.url}/aspirations/track/{main.tracking_code}/")
    history = page.get_by_test_id("public-history").inner_text()
    assert "Planned in program Bank Sampah Prapatan (Rencana Kerja 2025 v1, approved on " in history
    assert "Bank Sampah Prapatan" in page.get_by_test_id("public-programs").inner_text()
    page.goto(f"{live_server.url}/aspirations/track/{duplicate.tracking_code}/")
    page.locator("main details summary").click()  # the history of the duplicate itself
    body = page.locator("main").inner_text()
    assert f"Merged with the similar aspiration {main.tracking_code}" in body
    for indonesian in ("Direncanakan", "Digabungkan", "disetujui", "rencana kerja"):
        assert indonesian not in body

    page.context.add_cookies([{"name": "csrplan_language", "value": "id", "url": live_server.url}])
    page.goto(f"{live_server.url}/aspirations/track/{duplicate.tracking_code}/")
    page.locator("main details summary").click()  # the history of the duplicate itself
    body = page.locator("main").inner_text()
    assert f"Digabungkan dengan aspirasi serupa {main.tracking_code}" in body
    assert "Direncanakan dalam program Bank Sampah Prapatan (Rencana Kerja 2025 v1, disetujui pada " in body
