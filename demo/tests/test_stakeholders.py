import pytest

from demo.stakeholders import seed_demo_data
from stakeholders.models import Engagement, Organization, Stakeholder

pytestmark = pytest.mark.django_db


def test_demo_data_has_the_48_scenario_stakeholders_and_is_idempotent():
    seed_demo_data()
    seed_demo_data()
    assert Stakeholder.objects.count() == 48
    assert Organization.objects.filter(name="Koperasi Kriya Inovasi Mandara (KIM)").exists()
    chair = Stakeholder.objects.get(name="Hj. Rusmiati Mandara")
    assert chair.is_local_hero
    assert not Stakeholder.objects.filter(region__isnull=True).exists()
    assert Engagement.objects.count() == 6
