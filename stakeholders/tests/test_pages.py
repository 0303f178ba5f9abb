import pytest
from django.urls import reverse

from demo.stakeholders import seed_demo_data
from stakeholders.models import Stakeholder

from .factories import EngagementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    seed_demo_data()
    return Stakeholder.objects.get(name="Hj. Rusmiati Mandara")


def test_every_page_renders_for_an_officer(officer, client_for, demo):
    client = client_for(officer)
    EngagementFactory(stakeholder=demo)
    for name, args in [
        ("list", []),
        ("map", []),
        ("create", []),
        ("import", []),
        ("detail", [demo.pk]),
        ("edit", [demo.pk]),
    ]:
        response = client.get(reverse(f"stakeholders:{name}", args=args))
        assert response.status_code == 200, name
    response = client.get(reverse("stakeholders:list"), {"q": "rusmiati"})
    assert "Hj. Rusmiati Mandara" in response.content.decode()
    assert "0812-5001-0016" in response.content.decode()
