"""Rules with one owner, checked where every app that uses them meets (this layer may import all).

Each test here would have caught copies of a rule that disagreed: see CONTRIBUTING.md, "One owner
per rule".
"""

import re
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from core.access import user_display_name
from core.fields import NumberField, RupiahField, WholeNumberField
from fgd.forms.aspirations import AspirationFilterForm, AspirationForm, TransitionForm
from fgd.forms.public import PublicAspirationForm
from fgd.forms.sessions import InviteFilterForm, SessionForm
from fgd.models import Aspiration, FgdSession
from fgd.services.aspirations import TransitionError, aspiration_submit_public, aspiration_transition
from fgd.tests.factories import AspirationFactory
from fgd.tests.session_factories import FgdSessionFactory
from programs.forms import (
    ActivityForm,
    AnnualPlanForm,
    DecideAspirationForm,
    GoalIndicatorForm,
    IndicatorForm,
    PlanCopyForm,
    PlanEditForm,
    ProgramForm,
)
from programs.tests.factories import AnnualPlanFactory
from reports.documents import fgd_minutes_pdf
from reports.models import ReportJob
from stakeholders.forms import (
    MapFilterForm,
    OrganizationForm,
    RegionChoiceField,
    RegionMultipleChoiceField,
    StakeholderFilterForm,
    StakeholderForm,
)
from stakeholders.models import Region
from stakeholders.services import PRIVACY_NOTICE_VERSION, stakeholder_save
from stakeholders.tests.factories import RegionFactory, StakeholderFactory
from stakeholders.tests.test_one_owner import make_two_warus

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_warus():
    return make_two_warus()


@pytest.mark.django_db
def test_every_form_that_takes_an_amount_or_a_number_uses_the_shared_fields():
    plan = AnnualPlanFactory()
    forms_and_fields = [
        (PublicAspirationForm(), {"estimated_cost": RupiahField, "beneficiaries_count": WholeNumberField}),
        (AspirationForm(), {"estimated_cost": RupiahField, "beneficiaries_count": WholeNumberField}),
        (AnnualPlanForm(), {"budget_ceiling": RupiahField}),
        (PlanEditForm(), {"budget_ceiling": RupiahField}),
        (PlanCopyForm(), {"budget_ceiling": RupiahField}),
        (ActivityForm(), {"budget": RupiahField}),
        (ProgramForm(plan=plan), {"beneficiaries_count": WholeNumberField}),
        (IndicatorForm(), {"baseline": NumberField, "target": NumberField}),
        (GoalIndicatorForm(strategic_plan=plan.strategic_plan), {"baseline": NumberField}),
    ]
    for form, expected in forms_and_fields:
        for name, field_class in expected.items():
            assert isinstance(form.fields[name], field_class), (type(form).__name__, name)
        # No other plain number field slipped in beside them (years and 1–5 scores aside).
        for name, field in form.fields.items():
            if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
                assert isinstance(field, (RupiahField, NumberField)) or name in {"year"}, (type(form).__name__, name)
    goal_form = GoalIndicatorForm(strategic_plan=plan.strategic_plan)
    assert all(isinstance(bound.field, NumberField) for bound in goal_form.target_fields())


@pytest.mark.django_db
def test_the_public_form_never_stores_rupiah_with_sen_100_times_too_large():
    data = {"title": "Air bersih", "description": "Sumur kering.", "estimated_cost": "Rp 1.500.000,50"}
    with translation.override("id"):
        form = PublicAspirationForm(data=data)
        assert not form.is_valid() and form.errors["estimated_cost"]
        form = PublicAspirationForm(data=data | {"estimated_cost": "Rp 1.500.000,-"})
        form.is_valid()
    assert form.cleaned_data["estimated_cost"] == 1_500_000


def test_pages_show_numbers_with_the_same_function():
    template = Template("{% load csrplan programs_extras %}{{ n|number }}|{{ t|target_for:2026 }}|{{ m|rupiah }}")
    context = Context({"n": Decimal("1200.50"), "t": {"2026": "1500000.5"}, "m": 3_440_000_000})
    with translation.override("id"):
        assert template.render(context) == "1.200,5|1.500.000,5|Rp 3.440.000.000"
    with translation.override("en"):
        assert template.render(context) == "1,200.5|1,500,000.5|IDR 3,440,000,000"


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


def test_a_person_is_named_one_way_everywhere(make_user):
    named = make_user(None, username="dodi", first_name="Dodi", last_name="Yapsenang")
    bare = make_user(None, username="sari")
    for user, name in ((named, "Dodi Yapsenang"), (bare, "sari")):
        assert user_display_name(user) == name
        for library in ("csrplan", "programs_extras"):
            rendered = Template(f"{{% load {library} %}}{{{{ user|person }}}}").render(Context({"user": user}))
            assert rendered == name
        assert ReportJob(requested_by=user).requester_name == name
    assert Template("{% load csrplan %}{{ user|person }}").render(Context({"user": None})) == "–"


def test_declining_needs_a_public_reason_in_both_forms_and_the_service():
    aspiration = AspirationFactory(status=Aspiration.Status.ACCEPTED)
    triage = TransitionForm(data={"to_status": Aspiration.Status.DECLINED, "public_note": " "}, aspiration=aspiration)
    traceability = DecideAspirationForm(data={"decision": Aspiration.Status.DECLINED, "public_note": " "})
    assert not triage.is_valid() and not traceability.is_valid()
    with pytest.raises(TransitionError) as refused:
        aspiration_transition(aspiration=aspiration, to_status=Aspiration.Status.DECLINED, public_note=" ")
    assert triage.errors["public_note"] == traceability.errors["public_note"] == [str(refused.value.args[0])]


def test_the_page_and_the_pdf_list_the_same_items_for_the_same_minutes(client_for, viewer):
    """One splitter (fgd.selectors.sessions.minutes_items) for both: they once disagreed on "1. …"."""
    typed = "1. Pemasaran produk\n\n  • Panen air hujan  \n* 2. Tandon warga\n3.Sumur\n-\n10. Jalan desa"
    session = FgdSessionFactory(status=FgdSession.Status.HELD, summary="Ringkasan", agreements=typed)
    page = client_for(viewer).get(reverse("fgd:detail", args=[session.pk])).content.decode()
    minutes = page[page.index('id="minutes"') :]
    on_page = re.findall(r"<li>(.*?)</li>", re.search(r"<ol>(.*?)</ol>", minutes, re.S).group(1))
    pdf = fgd_minutes_pdf(session=session, language="id").html
    in_pdf = re.findall(r"<li>(.*?)</li>", re.findall(r'<ol class="numbered">(.*?)</ol>', pdf, re.S)[-1])
    assert on_page == in_pdf == ["Pemasaran produk", "Panen air hujan", "Tandon warga", "3.Sumur", "Jalan desa"]
