"""Rules stakeholders own for every app: the region picker and the privacy-notice version."""

import pytest
from django import forms

from fgd.forms_aspirations import AspirationFilterForm, AspirationForm
from fgd.forms_public import PublicAspirationForm
from fgd.forms_sessions import InviteFilterForm, SessionForm
from fgd.services import aspiration_submit_public
from programs.forms import ProgramForm
from programs.tests.factories import AnnualPlanFactory
from stakeholders.forms import (
    MapFilterForm,
    OrganizationForm,
    RegionChoiceField,
    RegionMultipleChoiceField,
    StakeholderFilterForm,
    StakeholderForm,
)
from stakeholders.models import Region, Stakeholder
from stakeholders.selectors import stakeholder_export_rows
from stakeholders.services import PRIVACY_NOTICE_VERSION, stakeholder_save
from stakeholders.tests.factories import RegionFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_warus():
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


def _region_field(form: forms.Form) -> forms.Field:
    return form.fields["regions" if "regions" in form.fields else "region"]


def _labels(field: forms.Field, regions: list[Region]) -> dict[int, str]:
    """The labels the picker shows for these regions, by id."""
    wanted = {region.pk for region in regions}
    labels = {}
    for value, label in field.choices:
        pk = getattr(value, "value", value)  # ModelChoiceIteratorValue, or a plain id in filters
        if pk and int(pk) in wanted:
            labels[int(pk)] = label
    return labels


def test_every_region_picker_is_the_one_field_and_tells_namesakes_apart(two_warus):
    plan = AnnualPlanFactory()
    pickers = [
        StakeholderForm(),
        OrganizationForm(),
        SessionForm(),
        PublicAspirationForm(),
        AspirationForm(),
        AspirationFilterForm(),
        ProgramForm(plan=plan),
    ]
    for form in pickers:
        field = _region_field(form)
        assert isinstance(field, (RegionChoiceField, RegionMultipleChoiceField)), type(form).__name__
        labels = _labels(field, two_warus)
        assert labels and len(set(labels.values())) == len(labels), (type(form).__name__, labels)
        for pk, label in labels.items():
            region = Region.objects.select_related("parent").get(pk=pk)
            assert label.startswith(region.label), (type(form).__name__, label)
    filters = [StakeholderFilterForm(), MapFilterForm(), InviteFilterForm()]
    for form in filters:
        labels = _labels(form.fields["region"], two_warus)
        assert set(labels.values()) == {"Kota Satu › Waru", "Kota Dua › Waru"}, type(form).__name__


def test_a_region_label_names_its_parent_below_the_province(two_warus):
    labels = [Region.objects.select_related("parent").get(pk=r.pk).label for r in two_warus]
    assert labels == ["Kota Satu › Waru", "Kota Dua › Waru", "Sedati › Waru", "Waru › Waru"]
    assert Region.objects.select_related("parent").get(name="Kota Satu").label == "Kota Satu"


def test_the_program_picker_adds_the_ring_of_the_district():
    district = RegionFactory(name="Distrik Cincin", level=Region.Level.DISTRICT, code="97.01", ring=2)
    place = RegionFactory(name="Kampung", code="97.01.1", parent=district, ring=None)
    field = ProgramForm(plan=AnnualPlanFactory()).fields["regions"]
    assert _labels(field, [place]) == {place.pk: "Distrik Cincin › Kampung (ring 2)"}


def test_every_consent_records_the_one_privacy_notice_version():
    person = StakeholderFactory(phone="081234567890")
    person.consent_notice_version = ""
    stakeholder_save(stakeholder=person, by=None)
    aspiration = aspiration_submit_public(
        fields={"title": "Air", "description": "Sumur", "submitter_name": "Ibu Sari"}, consent=True
    )
    assert person.consent_notice_version == aspiration.consent_notice_version == PRIVACY_NOTICE_VERSION


def test_the_export_and_the_program_picker_read_a_places_ring_from_region_effective_ring():
    district = RegionFactory(name="Distrik Tengah", level=Region.Level.DISTRICT, code="95.01", ring=2)
    place = RegionFactory(name="Kampung Tengah", code="95.01.1", parent=district, ring=None)
    person = StakeholderFactory(region=place)
    rows = Stakeholder.objects.filter(pk=person.pk).select_related("organization", "region__parent")
    (row,) = list(stakeholder_export_rows(rows, with_contact=False))
    assert row[6] == place.effective_ring == 2
