import pytest

from stakeholders.models import Stakeholder


@pytest.mark.django_db
def test_a_person_created_in_bulk_without_history_records_still_has_a_detail_page(client_for, officer):
    """Bulk inserts (and rows older than the history table) have no history records: the page must not fail."""
    (person,) = Stakeholder.objects.bulk_create([Stakeholder(name="Siti Aminah")])
    assert not person.history.exists()
    response = client_for(officer).get(f"/stakeholders/{person.pk}/")
    assert response.status_code == 200
    assert "Siti Aminah" in response.content.decode()
