"""count_each: several querysets counted in one query give what each .count() gives."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count

from core.queries import count_each

pytestmark = pytest.mark.django_db


def test_count_each_counts_like_count_in_one_query(django_assert_num_queries):
    User = get_user_model()
    for name in ("ana", "budi", "citra"):
        User.objects.create(username=name, is_active=name != "citra")
    querysets = {
        "active": User.objects.filter(is_active=True).order_by("username"),
        "named": User.objects.filter(username__in=["ana", "zed"]),
        "annotated": User.objects.annotate(n=Count("groups")).filter(n=0),  # GROUP BY inside
        "none": Group.objects.filter(name="nobody"),
    }
    expected = {name: queryset.count() for name, queryset in querysets.items()}
    with django_assert_num_queries(1):
        assert count_each(**querysets) == expected
    assert expected == {"active": 2, "named": 1, "annotated": 3, "none": 0}
    assert count_each() == {}
