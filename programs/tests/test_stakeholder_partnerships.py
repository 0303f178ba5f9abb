"""A stakeholder's page lists the programs they partner in (through ProgramPartner.program_partnerships).

The test lives here, not in stakeholders/: the register knows programs only through the reverse relation.
"""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.page_cache import bump_staff_version
from fgd.tests.factories import AspirationFactory
from programs.models import ProgramPartner
from stakeholders.selectors import stakeholder_program_partnerships
from stakeholders.tests.factories import StakeholderFactory

from .factories import AnnualPlanFactory, ProgramFactory, ProgramPartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return StakeholderFactory(name="Rina Wati")


def _partner(person, *, year: int, version: int = 1, name: str, role=ProgramPartner.Role.IMPLEMENTER):
    plan = AnnualPlanFactory(year=year, version=version)
    program = ProgramFactory(plan=plan, name=name)
    return ProgramPartnerFactory(program=program, stakeholder=person, organization=None, role=role)


def _section(client, person, language: str) -> str:
    client.cookies["csrplan_language"] = language
    body = client.get(reverse("stakeholders:detail", args=[person.pk])).content.decode()
    match = re.search(r'<ul [^>]*data-testid="program-partnerships">(.*?)</ul>', body, re.S)
    assert match, "the partnerships section is missing"
    return match.group(1)


def test_the_page_lists_each_program_with_its_link_plan_year_and_role(person, viewer, client_for):
    older = _partner(person, year=2025, name="Bank Sampah Margasari", role=ProgramPartner.Role.BENEFICIARY_GROUP)
    newer = _partner(person, year=2026, version=2, name="Pelatihan Sabut Kelapa")
    other = ProgramFactory(plan=older.program.plan, name="Program Orang Lain")
    ProgramPartnerFactory(program=other, stakeholder=StakeholderFactory(), organization=None)

    english = _section(client_for(viewer), person, "en")
    assert (
        f'<a href="{reverse("programs:program_detail", args=[newer.program.pk])}">Pelatihan Sabut Kelapa</a>' in english
    )
    assert (
        f'<a href="{reverse("programs:program_detail", args=[older.program.pk])}">Bank Sampah Margasari</a>' in english
    )
    assert english.index("Pelatihan Sabut Kelapa") < english.index("Bank Sampah Margasari")  # newest plan first
    assert "Plan 2026 v2" in english and "Plan 2025" in english and "2025 v1" not in english
    assert "Implementer" in english and "Beneficiary group" in english
    assert "Program Orang Lain" not in english

    indonesian = _section(client_for(viewer), person, "id")
    assert "Rencana 2026 v2" in indonesian and "Rencana 2025" in indonesian
    assert "Pelaksana" in indonesian


def test_a_person_without_partnerships_is_told_so(person, viewer, client_for):
    assert "Not a partner in any program yet." in _section(client_for(viewer), person, "en")
    assert "Belum menjadi mitra program mana pun." in _section(client_for(viewer), person, "id")


def test_the_partnerships_are_read_in_one_query(person, django_assert_num_queries):
    for year in (2025, 2026, 2027):
        _partner(person, year=year, name=f"Program {year}")
    with django_assert_num_queries(1):
        rows = [
            (p.program.name, p.program.plan.year, p.get_role_display())
            for p in stakeholder_program_partnerships(stakeholder=person)
        ]
    assert [year for _name, year, _role in rows] == [2027, 2026, 2025]


def _page_queries(client, person) -> int:
    url = reverse("stakeholders:detail", args=[person.pk])
    client.get(url)  # per-process caches (content types, translations) filled first
    bump_staff_version()  # the page rendered, not its cached copy (core/page_cache.py)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_as_many_queries_for_one_partnership_as_for_several(person, viewer, client_for):
    client = client_for(viewer)
    _partner(person, year=2025, name="Program 2025")
    with_one = _page_queries(client, person)
    for year in (2026, 2027, 2028):
        _partner(person, year=year, name=f"Program {year}")
    assert _page_queries(client, person) == with_one


def test_the_personal_data_export_holds_their_partnerships_and_what_their_aspirations_say(person, manager, client_for):
    _partner(person, year=2026, name="Sekolah Lapang Mangrove", role=ProgramPartner.Role.BENEFICIARY_GROUP)
    AspirationFactory(public=True, stakeholder=person, submitter_name="Rina W.", submitter_phone="+6281233330001")

    response = client_for(manager).get(reverse("stakeholders:personal_data", args=[person.pk]))
    data = json.loads(response.content)

    assert [(p["program"], p["role"]) for p in data["program_partnerships"]] == [
        ("Sekolah Lapang Mangrove", "beneficiary_group")
    ]
    assert [(a["submitter_name"], a["submitter_phone"]) for a in data["aspirations"]] == [("Rina W.", "+6281233330001")]
