"""Rules with one owner in fgd: the priority criteria, the ring → score map; and the one person name."""

import pytest
from django.conf import settings
from django.urls import reverse

from core.choices import Ring
from fgd.forms.aspirations import ScoreForm
from fgd.models import PRIORITY_CRITERIA, RING_SCORES, Aspiration, ring_score_for
from fgd.selectors.aspirations import priority_score_expression
from fgd.services.aspirations import aspiration_score
from fgd.tests.factories import AspirationFactory
from stakeholders.models import Region
from stakeholders.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_the_criteria_are_declared_once_and_every_weight_names_one():
    assert list(ScoreForm().fields) == list(PRIORITY_CRITERIA)
    # A weight key that names no criterion would silently weigh 0: they must be the same set.
    assert set(PRIORITY_CRITERIA.values()) == set(settings.PRIORITY_WEIGHTS)
    index = next(i for i in Aspiration._meta.indexes if i.name == "fgd_aspiration_criteria_idx")
    assert index.fields[: len(PRIORITY_CRITERIA)] == list(PRIORITY_CRITERIA)


def test_the_score_uses_every_criterion_scoring_reads():
    aspiration = AspirationFactory()
    aspiration_score(aspiration=aspiration, **dict.fromkeys(PRIORITY_CRITERIA, 5))
    scored = Aspiration.objects.annotate(score=priority_score_expression()).get(pk=aspiration.pk)
    assert scored.score == 100.0
    with pytest.raises(ValueError):
        aspiration_score(aspiration=aspiration, ring=3)  # the weight key is not a field


def test_ring_scores_have_one_owner_and_follow_the_district():
    assert RING_SCORES == {Ring.RING_1: 5, Ring.RING_2: 3, Ring.RING_3: 1}
    district = RegionFactory(name="Distrik Dekat", level=Region.Level.DISTRICT, code="96.01", ring=1)
    place = RegionFactory(name="Kampung Dekat", code="96.01.1", parent=district, ring=None)
    assert ring_score_for(district) == ring_score_for(place) == 5
    assert ring_score_for(None) is None


def test_the_score_form_suggests_the_ring_score_of_a_sub_district_in_its_districts_ring(client_for, officer):
    district = RegionFactory(name="Distrik Jauh", level=Region.Level.DISTRICT, code="96.02", ring=3)
    place = RegionFactory(name="Kampung Jauh", code="96.02.1", parent=district, ring=None)
    aspiration = AspirationFactory(region=place)
    response = client_for(officer).get(reverse("aspirations:detail", args=[aspiration.pk]))
    assert response.context["score_form"].initial["ring_score"] == RING_SCORES[Ring.RING_3]
