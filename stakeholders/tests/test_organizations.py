import pytest
from django.urls import reverse

from stakeholders.models import Organization, Region

from .factories import OrganizationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


def test_officer_creates_and_edits_an_organisation_with_history(officer, client_for):
    client = client_for(officer)
    region = Region.objects.get(name="Margo Mulyo")
    data = {"name": "Bank Sampah Melati", "type": "fostered_partner", "region": region.pk, "partner_status": "assisted"}
    response = client.post(reverse("stakeholders:organization_create"), data)
    assert "Give the year the status changed." in response.content.decode()
    assert not Organization.objects.filter(name="Bank Sampah Melati").exists()
    client.post(reverse("stakeholders:organization_create"), {**data, "partner_status_year": 2024})
    organization = Organization.objects.get(name="Bank Sampah Melati")
    client.post(
        reverse("stakeholders:organization_edit", args=[organization.pk]),
        {**data, "partner_status": "developing", "partner_status_year": 2025},
    )
    body = client.get(reverse("stakeholders:organization_detail", args=[organization.pk])).content.decode()
    assert "Developing" in body and "Assisted" in body  # the change, in the history
    assert organization.history.first().history_user == officer


def test_viewer_reads_organisations_but_cannot_edit(viewer, client_for):
    organization = OrganizationFactory()
    StakeholderFactory(organization=organization, phone="+6281244440001")
    client = client_for(viewer)
    body = client.get(reverse("stakeholders:organization_detail", args=[organization.pk])).content.decode()
    assert organization.name in body and "4444" not in body
    assert client.get(reverse("stakeholders:organization_edit", args=[organization.pk])).status_code == 403
    assert client.get(reverse("stakeholders:organization_create")).status_code == 403


@pytest.mark.parametrize("count", [5, 500])
def test_organisation_list_query_count_is_constant(count, viewer, client_for, django_assert_num_queries):
    region = Region.objects.get(name="Baru Ulu")
    Organization.objects.bulk_create(
        Organization(name=f"Kelompok {i}", type="youth", region=region) for i in range(count)
    )
    client = client_for(viewer)
    # savepoint, the user with their role, count, page with people counts, release (ATOMIC_REQUESTS)
    with django_assert_num_queries(5):
        response = client.get(reverse("stakeholders:organization_list"), {"type": "youth"})
    assert len(response.context["page"].object_list) == min(count, 25)
