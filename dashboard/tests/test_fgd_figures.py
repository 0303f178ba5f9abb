"""One truth per FGD figure (issue 11, item 4): the session page, the FGD list, the minutes PDF, the
plan PDF and the dashboard render the same invited / present / represented / walk-ins / aspirations."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from fgd.models import FgdSession, Invitation
from fgd.selectors.sessions import SessionFigures, figures_of
from fgd.tests.session_factories import FgdSessionFactory, InvitationFactory, SessionAspirationFactory
from programs.tests.factories import AnnualPlanFactory
from reports.documents import fgd_minutes_pdf, plan_pdf

pytestmark = pytest.mark.django_db
Attendance = Invitation.Attendance


@pytest.fixture
def session():
    """17 invited: 11 present, 3 represented, 2 absent, 1 not recorded; 2 walk-ins; 5 aspirations."""
    held = FgdSessionFactory(
        title="FGD Banua Patra",
        status=FgdSession.Status.HELD,
        starts_at=timezone.now() + dt.timedelta(hours=2),  # today: on the dashboard and in this year's plan
    )
    InvitationFactory.create_batch(11, session=held, attendance=Attendance.PRESENT)
    InvitationFactory.create_batch(3, session=held, attendance=Attendance.REPRESENTED, represented_by="Staf")
    InvitationFactory.create_batch(2, session=held, attendance=Attendance.ABSENT)
    InvitationFactory(session=held)
    InvitationFactory.create_batch(2, session=held, is_walk_in=True, attendance=Attendance.PRESENT)
    SessionAspirationFactory.create_batch(5, session=held)
    return held


EXPECTED = SessionFigures(invited=17, present=14, represented=3, walk_ins=2, aspirations=5)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html))


def _testid(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</', html, re.S)
    assert match, testid
    return match.group(1).strip()


def test_the_selector_counts_invitations_without_walk_ins(session):
    assert figures_of(session) == EXPECTED


def test_five_renderings_of_one_session_agree(session, client_for, officer):
    client = client_for(officer)
    # 1. The session page.
    page = client.get(reverse("fgd:detail", args=[session.pk])).content.decode()
    assert _testid(page, "count-invited") == "17"
    assert _testid(page, "count-attended") == "14"
    assert _testid(page, "count-represented") == "(3 diwakili)"
    assert _testid(page, "count-walk-ins") == "2"
    assert _testid(page, "aspiration-count") == "5"
    # 2. The FGD list.
    listing = client.get(reverse("fgd:list")).content.decode()
    assert _testid(listing, "figure-invited") == "17"
    assert _testid(listing, "figure-present") == "14"
    assert _testid(listing, "figure-walk-ins") == "+2"
    assert _testid(listing, "figure-aspirations") == "5"
    # 3. The minutes PDF, in both languages.
    minutes_id = fgd_minutes_pdf(session=session, language="id").html
    assert _testid(minutes_id, "attendance-sentence") == (
        "14 dari 17 undangan hadir (3 diwakili), ditambah 2 peserta tanpa undangan"
    )
    assert _testid(minutes_id, "aspiration-sentence") == "5 aspirasi dicatat dalam FGD ini."
    minutes_en = fgd_minutes_pdf(session=session, language="en").html
    assert _testid(minutes_en, "attendance-sentence") == (
        "14 of 17 invitees attended (3 by a representative), plus 2 participants without an invitation"
    )
    # 4. The plan PDF: the FGD row.
    plan = AnnualPlanFactory(year=timezone.localtime(session.starts_at).year)
    html = plan_pdf(plan=plan, language="id").html
    row = re.search(r"<tr><td>[^<]*</td><td>FGD Banua Patra</td>.*?</tr>", html, re.S)
    assert row, "the FGD is in the plan's table"
    assert re.findall(r'<td class="num">(\d+)</td>', row.group(0)) == ["17", "14", "2", "5"]
    # 5. The dashboard.
    dashboard = _text(client.get("/").content.decode())
    assert "17 diundang · 14 hadir · 2 peserta tanpa undangan · 5 aspirasi" in dashboard


def test_plurals_in_english(session):
    one = SessionFigures(invited=1, present=1, represented=0, walk_ins=1, aspirations=1)
    from django.utils import translation

    with translation.override("en"):
        assert one.sentence() == "1 of 1 invitee attended, plus 1 participant without an invitation"
    with translation.override("id"):
        assert one.sentence() == "1 dari 1 undangan hadir, ditambah 1 peserta tanpa undangan"


def test_a_walk_in_has_no_rsvp_response(session, client_for, officer):
    from fgd.services.sessions import session_walk_in_add

    invitation = session_walk_in_add(session=session, by=officer, name="Pak Darto")
    assert invitation.is_walk_in and invitation.response == Invitation.Response.PENDING
    html = client_for(officer).get(reverse("fgd:attendance", args=[session.pk])).content.decode()
    assert html.count('data-testid="walk-in-no-response"') == 3
    assert figures_of(session).walk_ins == 3 and figures_of(session).invited == 17
