"""Issue 11 item 10: the plan PDF names a location's ring even when only its district has one."""

from types import SimpleNamespace

import pytest

from reports.documents import _program_context
from stakeholders.models import Region
from stakeholders.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_the_plan_pdf_names_the_ring_a_place_inherits_from_its_district():
    district = RegionFactory(name="Distrik Cincin", level=Region.Level.DISTRICT, code="96.02", ring=2)
    place = RegionFactory(name="Kampung Tanpa Cincin", code="96.02.1", parent=district, ring=None)
    row = SimpleNamespace(
        program=SimpleNamespace(person_in_charge=None, beneficiaries_count=None),
        budget=0,
        months=[1],
        regions=[Region.objects.select_related("parent").get(pk=place.pk)],
        activities=[],
        indicators=[],
    )
    assert _program_context(row, "en", str)["rings"] == ["Ring 2"]
