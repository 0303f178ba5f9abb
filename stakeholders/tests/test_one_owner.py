"""Rules stakeholders own for every app: the region picker and the privacy-notice version."""

import pytest

from stakeholders.models import Region, Stakeholder
from stakeholders.selectors import stakeholder_export_rows
from stakeholders.tests.factories import RegionFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def make_two_warus() -> list[Region]:
    """Districts named "Waru" in two regencies, and sub-districts named "Waru" in two districts."""
    province = RegionFactory(name="Provinsi Uji", level=Region.Level.PROVINCE, code="98")
    one = RegionFactory(name="Kota Satu", level=Region.Level.REGENCY, code="98.01", parent=province)
    two = RegionFactory(name="Kota Dua", level=Region.Level.REGENCY, code="98.02", parent=province)
    waru_one = RegionFactory(name="Waru", level=Region.Level.DISTRICT, code="98.01.01", parent=one)
    sedati = RegionFactory(name="Sedati", level=Region.Level.DISTRICT, code="98.01.02", parent=one)
    waru_two = RegionFactory(name="Waru", level=Region.Level.DISTRICT, code="98.02.01", parent=two)
    return [
        waru_one,
        waru_two,
        RegionFactory(name="Waru", code="98.01.02.1", parent=sedati),
        RegionFactory(name="Waru", code="98.02.01.1", parent=waru_two),
    ]


@pytest.fixture
def two_warus():
    return make_two_warus()


def test_a_region_label_names_its_parent_below_the_province(two_warus):
    labels = [Region.objects.select_related("parent").get(pk=r.pk).label for r in two_warus]
    assert labels == ["Kota Satu › Waru", "Kota Dua › Waru", "Sedati › Waru", "Waru › Waru"]
    assert Region.objects.select_related("parent").get(name="Kota Satu").label == "Kota Satu"


def test_the_export_and_the_program_picker_read_a_places_ring_from_region_effective_ring():
    district = RegionFactory(name="Distrik Tengah", level=Region.Level.DISTRICT, code="95.01", ring=2)
    place = RegionFactory(name="Kampung Tengah", code="95.01.1", parent=district, ring=None)
    person = StakeholderFactory(region=place)
    rows = Stakeholder.objects.filter(pk=person.pk).select_related("organization", "region__parent")
    (row,) = list(stakeholder_export_rows(rows, with_contact=False))
    assert row[6] == place.effective_ring == 2
