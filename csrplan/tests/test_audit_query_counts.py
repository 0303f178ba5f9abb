"""The benchmark's pages run the same number of queries however much data there is.

`make bench` measures these pages at 1,000 and 100,000 aspirations through gunicorn; this is
its regression guard inside the normal suite: the same pages, at two small sizes of the whole
data set (bench.generate), must run exactly the same number of queries. The apps' own tests pin
exact counts of their list pages as their rows grow; this one varies everything at once
(stakeholders, engagements, aspirations, status histories) and covers every staff list page
found in the URL conf, the dashboard, the stakeholder map and the plan pages.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate import Generator, Sizes
from bench.pages import FIXED_PAGES, page_ids, staff_list_pages
from core.page_cache import bump_staff_version

TINY = Sizes(
    stakeholders=6,
    aspirations=12,
    fgds=3,
    invitations_per_fgd=4,
    plan_years=(2025,),
    programs_per_plan=4,
    activities_per_program=2,
    aspirations_per_program=1,
)
BIGGER = Sizes(
    stakeholders=60,
    aspirations=150,
    fgds=3,
    invitations_per_fgd=4,
    plan_years=(2025,),
    programs_per_plan=4,
    activities_per_program=2,
    aspirations_per_program=1,
)


def _counts(client, pages) -> dict[str, int | None]:
    counts = {}
    for label, path in pages:
        client.get(path)  # first request: per-process caches (content types, translations) filled
        bump_staff_version()  # the page rendered, not its cached copy (core/page_cache.py)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, f"{label} {path} answered {response.status_code}"
        counts[f"{label} {path}"] = len(queries)
    return counts


@pytest.mark.django_db
def test_pages_run_the_same_queries_at_two_sizes(client, make_user):
    generator = Generator(seed=3, log=lambda *_: None, password=None)
    generator.generate(TINY)
    users = generator.users()
    client.force_login(users["bench-manager"])
    ids = page_ids()
    pages = [(label, path.format(**ids)) for label, path in FIXED_PAGES if "detail" not in label]
    pages += staff_list_pages()
    small = _counts(client, pages)

    generator.generate(BIGGER)
    large = _counts(client, pages)

    measured = {page: n for page, n in small.items() if n is not None}
    grown = {page: (n, large[page]) for page, n in measured.items() if large[page] != n}
    assert grown == {}, f"query counts grow with the data (small, bigger): {grown}"
    assert "dashboard /" in measured, "the dashboard must be measured"


@pytest.mark.django_db
def test_query_count_header_is_off_by_default(client, viewer):
    client.force_login(viewer)
    assert "X-Query-Count" not in client.get("/")


@pytest.mark.django_db
def test_query_count_header_counts_every_query_of_the_request(client, viewer, settings):
    """What `make bench` reads through gunicorn (QUERY_COUNT_HEADER=true) is what Django ran."""
    settings.MIDDLEWARE = ["core.query_count.QueryCountMiddleware", *settings.MIDDLEWARE]
    client.force_login(viewer)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert int(response["X-Query-Count"]) == len(queries) > 0
