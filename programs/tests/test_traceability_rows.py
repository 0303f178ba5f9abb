"""The traceability table's rows built in Python (`{% unanswered_rows %}`) say what the template loop said.

REFERENCE is the loop the tag replaced (issue 15): it renders the model instances of
`plan_unanswered_aspirations`, the tag the named tuples of `plan_unanswered_rows`; in both
languages, for an officer (the "Decide" column) and a viewer, with hostile text, the markup is the same.
"""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from programs.selectors import (
    plan_programs,
    plan_traceability_programs,
    plan_unanswered_aspirations,
    plan_unanswered_rows,
)
from programs.templatetags.programs_extras import unanswered_rows

from .factories import AnnualPlanFactory, AspirationFactory, CategoryFactory, ProgramFactory, RegionFactory

pytestmark = pytest.mark.django_db

REFERENCE = Template(
    "{% load i18n %}{% for aspiration in unanswered %}<tr>"
    "<td><code>{{ aspiration.tracking_code }}</code> {{ aspiration.title }}</td>"
    '<td class="small">{{ aspiration.region.name|default:"–" }}</td>'
    '<td class="small">{{ aspiration.category|default:"–" }}</td>'
    "{% if can_decide %}"
    '<td><a class="btn btn-sm btn-outline-primary" href="{{ page_url }}{{ aspiration.pk }}/"'
    ' data-hx-get="{{ page_url }}{{ aspiration.pk }}/" data-hx-target="closest td"'
    ' data-testid="decide-{{ aspiration.pk }}">{% translate "Decide" %}<span class="visually-hidden">'
    " {{ aspiration.tracking_code }}</span></a></td>"
    "{% endif %}</tr>{% endfor %}"
)


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.fixture
def plan():
    plan = AnnualPlanFactory()
    category = CategoryFactory(name_id="Air & <sanitasi>", name_en='Water & "sanitation"')
    AspirationFactory(
        title="<script>alert(\"x\")</script> & 'kutip'",
        region=RegionFactory(name="Kelurahan <b> O'Hara"),
        category=category,
    )
    AspirationFactory(title="Tanpa wilayah", region=None, category=None)
    AspirationFactory(title="Sumur & bor", region=RegionFactory(name="Margo Mulyo"))
    return plan


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("can_decide", [True, False])
def test_unanswered_rows_match_the_template_they_replaced(plan, language, can_decide):
    page_url = reverse("programs:traceability", args=[plan.pk])
    instances, rows = list(plan_unanswered_aspirations(plan=plan)), list(plan_unanswered_rows(plan=plan))
    assert [row.pk for row in rows] == [a.pk for a in instances] and len(rows) == 3
    with translation.override(language):
        expected = REFERENCE.render(Context({"unanswered": instances, "can_decide": can_decide, "page_url": page_url}))
        built = unanswered_rows(rows, page_url=page_url, can_decide=can_decide)
    assert _squeeze(built) == _squeeze(expected)
    assert "<script>" not in built and "&lt;script&gt;" in built and "&lt;b&gt; O&#x27;Hara" in built
    assert ('data-testid="decide-' in built) is can_decide


def test_the_page_shows_the_rows_and_their_links(plan, officer, client_for):
    page_url = reverse("programs:traceability", args=[plan.pk])
    html = client_for(officer).get(page_url).content.decode()
    for aspiration in plan_unanswered_aspirations(plan=plan):
        assert f'href="{page_url}{aspiration.pk}/"' in html and aspiration.tracking_code in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html


def test_the_section_reads_what_plan_programs_reads_for_it(plan):
    """The traceability section's lean programs carry the same figures and aspirations as `plan_programs`."""
    first, second = ProgramFactory(plan=plan, with_activity=25_000_000), ProgramFactory(plan=plan)
    for program, aspirations in ((first, plan_unanswered_aspirations(plan=plan)[:2]), (second, [])):
        program.aspirations.add(*aspirations)

    def shown(programs):
        return [
            (
                p.pk,
                p.code,
                p.pillar,
                p.budget,
                p.answered,
                [(a.pk, a.status, str(a.region)) for a in p.aspirations.all()],
            )
            for p in programs
        ]

    assert shown(plan_traceability_programs(plan=plan)) == shown(plan_programs(plan=plan))
    assert [len(row[5]) for row in shown(plan_traceability_programs(plan=plan))] == [2, 0]


def test_the_unanswered_pages_count_without_the_rows_joins_and_show_the_same_rows():
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs.selectors import plan_unanswered_page_rows

    plan = AnnualPlanFactory()
    answered = AspirationFactory()
    ProgramFactory(plan=plan).aspirations.add(answered)
    for _ in range(7):
        AspirationFactory()
    expected = [a.pk for a in plan_unanswered_aspirations(plan=plan)]
    with CaptureQueriesContext(connection) as queries:
        page = Paginator(plan_unanswered_page_rows(plan=plan), 3).get_page(2)
        rows = [row.pk for row in page.object_list]
    assert page.paginator.count == len(expected) == 7 and answered.pk not in expected
    assert rows == expected[3:6]
    count_sql = next(q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"])
    assert "JOIN" not in count_sql.split("NOT")[0]  # the rows' region and category joins are not counted
