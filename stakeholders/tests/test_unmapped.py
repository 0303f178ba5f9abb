"""People not yet mapped (influence and interest empty, e.g. an FGD walk-in): no quadrant, shown apart
on the map, in the quadrant counts and in the register's filter (issue 11, item 3)."""

import pytest
from django.urls import reverse

from stakeholders.mapping import UNMAPPED, cells_of, quadrant_counts_of, stakeholder_map_svg
from stakeholders.models import Stakeholder

from .factories import StakeholderFactory

pytestmark = pytest.mark.django_db


def test_an_unmapped_person_has_no_quadrant():
    person = StakeholderFactory(influence=None, interest=None)
    person.refresh_from_db()
    assert person.quadrant is None and not person.is_mapped
    assert person.get_quadrant_display() == "Not yet mapped"
    person.influence, person.interest = 4, 4
    person.save()
    person.refresh_from_db()
    assert person.quadrant == Stakeholder.Quadrant.MANAGE_CLOSELY


def test_the_map_counts_unmapped_people_apart_and_draws_none_of_them(officer, client_for):
    StakeholderFactory.create_batch(2, influence=4, interest=4)
    StakeholderFactory.create_batch(3, influence=None, interest=None)
    counts = quadrant_counts_of(cells_of(Stakeholder.objects.all()))
    assert counts[Stakeholder.Quadrant.MANAGE_CLOSELY] == 2 and counts[UNMAPPED] == 3
    html = client_for(officer).get(reverse("stakeholders:map")).content.decode()
    assert 'data-quadrant="manage_closely">2<' in html
    assert f'data-quadrant="{UNMAPPED}">3<' in html
    assert "3 not yet mapped (not on the grid)" in html
    svg = stakeholder_map_svg(cells_of(Stakeholder.objects.all()), href=lambda p: f"/s/{p.pk}/")
    assert svg.count('href="/s/') == 2  # only mapped people are dots


def test_the_register_filters_unmapped_people(officer, client_for):
    StakeholderFactory(name="Sudah Dipetakan", influence=2, interest=2)
    StakeholderFactory(name="Peserta Baru", influence=None, interest=None)
    html = client_for(officer).get(reverse("stakeholders:list"), {"quadrant": UNMAPPED}).content.decode()
    assert "Peserta Baru" in html and "Sudah Dipetakan" not in html
