"""Issue 11 item 7 on the pages: dates in the language's one format, counts with thousands separators."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fgd.models import Aspiration
from fgd.services.aspirations import aspiration_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "when", "count"), [("id", "3 Mar 2025, 09.30", "1.301"), ("en", "3 Mar 2025, 09:30", "1,301")]
)
def test_staff_and_public_pages_write_dates_and_counts_one_way(language, when, count, officer, client_for):
    aspiration = aspiration_create(title="Air bersih", description="-", beneficiaries_count=1301)
    moment = timezone.make_aware(datetime.datetime(2025, 3, 3, 9, 30))
    Aspiration.objects.filter(pk=aspiration.pk).update(created_at=moment)
    aspiration.status_changes.update(changed_at=moment)
    client = client_for(officer)
    client.cookies["csrplan_language"] = language
    detail = client.get(reverse("aspirations:detail", args=[aspiration.pk])).content.decode()
    assert f"{when} WITA" in detail and f">{count} " in detail
    public = client.get(reverse("aspirations:track_detail", args=[aspiration.tracking_code])).content.decode()
    assert f"{when} WITA" in public and "3 Mar 2025<" in public
