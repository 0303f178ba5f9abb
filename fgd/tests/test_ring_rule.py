"""Issue 11 item 10: a place without its own ring lies in its district's ring, everywhere the
triage reads a ring (queue filter and badge, export, suggested score)."""

import csv
import io

import pytest
from django.urls import reverse

from fgd.selectors.aspirations import AspirationFilters, aspiration_export_rows, aspiration_list
from fgd.tests.factories import AspirationFactory
from stakeholders.models import Region
from stakeholders.tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inherited():
    district = RegionFactory(name="Distrik Cincin", level=Region.Level.DISTRICT, code="96.01", ring=1)
    place = RegionFactory(name="Kampung Tanpa Cincin", code="96.01.1", parent=district, ring=None)
    return AspirationFactory(title="Sumur bor kampung", region=place)


def test_the_queue_ring_filter_finds_a_place_in_its_districts_ring(inherited):
    assert list(aspiration_list(filters=AspirationFilters(ring=1))) == [inherited]
    assert not aspiration_list(filters=AspirationFilters(ring=2)).exists()


def test_the_export_writes_the_inherited_ring(inherited, officer, client_for):
    response = client_for(officer).get(reverse("aspirations:export"), {"format": "csv"})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("Ring")] == "1"
    queryset = aspiration_list(filters=AspirationFilters())
    headers, generated = aspiration_export_rows(queryset=queryset, with_contact=False)
    assert next(iter(generated))[headers.index("Ring")] == 1


def test_the_queue_and_the_page_show_the_ring_and_suggest_its_score(inherited, officer, client_for):
    client = client_for(officer)
    queue = client.get(reverse("aspirations:list"), {"ring": 1})
    assert "Sumur bor kampung" in queue.content.decode()
    assert "Ring 1</span>" in queue.content.decode()
    detail = client.get(reverse("aspirations:detail", args=[inherited.pk]))
    assert "Ring 1</span>" in detail.content.decode()
    assert detail.context["score_form"].initial["ring_score"] == 5
