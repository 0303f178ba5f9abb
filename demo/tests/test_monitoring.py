import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from monitoring import selectors
from monitoring.models import Evidence, IndicatorActual, Period, Realisation
from programs.models import AnnualPlan

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_realistic_first_half_of_2025_recorded(settings, client_for):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Realisation.objects.count(), Evidence.objects.count(), IndicatorActual.objects.count())
    call_command("seed_demo")  # idempotent
    assert (Realisation.objects.count(), Evidence.objects.count(), IndicatorActual.objects.count()) == counts

    plan = AnnualPlan.objects.get(year=2025)
    assert counts[0] > 20 and counts[1] > 5 and counts[2] > 10
    assert set(Realisation.objects.values_list("month", flat=True)) <= set(range(1, 7))
    assert Period.objects.get(plan=plan, quarter=1).is_closed
    snapshot = selectors.plan_snapshot(plan=plan)
    assert selectors.late_activities(snapshot)  # some late
    assert selectors.overspent_activities(snapshot)  # some over
    assert selectors.missing_evidence(snapshot)  # evidence on some, not all
    assert 20 < selectors.absorption_total(snapshot).percent < 80
    assert Realisation.objects.filter(status="done").exists()
    manager = get_user_model().objects.get(username="manager")  # the seed set its password: log in afresh
    page = client_for(manager).get(reverse("monitoring:plan", args=[plan.pk]))
    assert page.status_code == 200
