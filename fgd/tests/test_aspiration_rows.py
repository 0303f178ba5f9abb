"""The rows built in Python (`{% aspiration_rows %}`, `{% session_rows %}`) say what the templates said.

REFERENCE is the template loop the tag replaced (issue 15); both render the same aspirations in
both languages, with and without the select column, and must give the same markup, escaping
included.
"""

import dataclasses
import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from core.templatetags.csrplan import url_for_pk
from fgd.models import PRIORITY_CRITERIA, Aspiration
from fgd.selectors.aspirations import (
    SORTS,
    AspirationFilters,
    aspiration_list,
    aspiration_page,
    aspiration_queryset,
    aspiration_queue_rows,
)
from fgd.selectors.sessions import session_list
from fgd.templatetags.aspirations import aspiration_rows
from fgd.templatetags.fgd_sessions import session_rows
from fgd.tests.factories import AspirationCategoryFactory, AspirationFactory
from fgd.tests.session_factories import FgdSessionFactory
from stakeholders.tests.factories import RegionFactory

REFERENCE = Template(
    '{% load i18n csrplan aspirations %}{% for a in rows %}\n<tr data-testid="aspiration-row">'
    "{% if bulk %}<td>"
    '<input class="form-check-input" type="checkbox" name="ids" value="{{ a.pk }}" id="select-{{ a.pk'
    ' }}" aria-label="{% blocktranslate with code=a.tracking_code %}Select {{ code }}'
    '{% endblocktranslate %}"></td>{% endif %}'
    '<td class="font-monospace small text-nowrap d-none d-md-table-cell">{{ a.tracking_code }}</td>'
    '<td><a href="{{ a.get_absolute_url }}">{{ a.title }}</a><div class="small text-body-secondary">'
    '<span class="font-monospace d-md-none">{{ a.tracking_code }} · </span>'
    '{{ a.category|default:_("No category") }}{% if a.pillar %} · {{ a|choice_label:"pillar" }}'
    "{% endif %}"
    "{% if a.merged_into %} · {% blocktranslate with code=a.merged_into.tracking_code %}merged into {{ code }}"
    "{% endblocktranslate %}{% endif %}</div></td><td>{% status_badge a %}"
    '{% if a.in_draft_program %} <span class="badge text-bg-light border border-warning"'
    ' data-testid="in-draft-program">'
    '{% translate "Linked to a draft program" %}</span>{% endif %}</td>'
    '<td class="text-end fw-semibold" data-testid="priority">{{ a.priority_score|score }}</td>'
    '<td class="text-end d-none d-sm-table-cell">{{ a.supporters|number }}</td>'
    '<td class="small d-none d-md-table-cell">{{ a|choice_label:"source" }}{% if a.session %}'
    '<div class="text-body-secondary text-truncate session-name-cell">{{ a.session }}</div>'
    '{% endif %}</td><td class="small d-none d-lg-table-cell">{{ a.region|default:"–" }}'
    '{% if a.region.effective_ring %} <span class="badge text-bg-light border">'
    "{{ a.region.effective_ring_display }}</span>{% endif %}</td>"
    '<td class="small text-nowrap d-none d-md-table-cell">{{ a.created_at|date:"DATE_FORMAT" }}</td>'
    "</tr>\n{% endfor %}"
)


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.fixture
def aspirations(db):
    category = AspirationCategoryFactory(name_id="Air & <sanitasi>", name_en='Water & "sanitation"')
    district = RegionFactory(name="Kecamatan O'Hara", level="district", ring=2)
    sub = RegionFactory(name="Kelurahan <b>", parent=district, ring=None)
    target = AspirationFactory(title="Sumur bor", category=category, region=district)
    AspirationFactory(
        title="<script>alert(\"x\")</script> & 'kutip'",
        category=None,
        pillar="",
        region=sub,
        session=FgdSessionFactory(title="FGD <Desa> & 'warga'"),
        source=Aspiration.Source.PUBLIC_FORM,
    )
    AspirationFactory(title="Duplikat", status=Aspiration.Status.MERGED, merged_into=target, region=None)
    return list(aspiration_queryset().order_by("pk"))


def _with_every_branch(instances, rows):
    """Annotations the queue computes, set on both so that every branch of a row shows."""
    instances[0].in_draft_program, instances[0].supporters, instances[1].priority_score = True, 1234, 72.6
    rows[0] = rows[0]._replace(in_draft_program=True, supporters=1234)
    rows[1] = rows[1]._replace(priority_score=72.6)


def _queue_rows(instances):
    by_pk = {row.pk: row for row in aspiration_queue_rows(ids=[a.pk for a in instances])}
    return [by_pk[a.pk] for a in instances]


def test_queue_rows_read_what_the_instances_hold(aspirations):
    """The lean rows (tuples of the shown columns) carry the same values as the model instances."""
    for a, row in zip(aspirations, _queue_rows(aspirations), strict=True):
        assert (row.pk, row.title, row.status, row.supporters, row.in_draft_program, row.priority_score) == (
            a.pk, a.title, a.status, a.supporters, a.in_draft_program, a.priority_score,
        )  # fmt: skip
        assert row.merged_into_code == (a.merged_into.tracking_code if a.merged_into_id else None)
        assert row.session_title == (a.session.title if a.session_id else None)
    assert [row.supporters for row in _queue_rows(aspirations)] == [2, 1, 1]  # the duplicate counts
    assert aspiration_queue_rows(ids=[]) == []


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("bulk", [True, False])
def test_rows_match_the_template_they_replaced(aspirations, language, bulk):
    rows = _queue_rows(aspirations)
    _with_every_branch(aspirations, rows)
    with translation.override(language):
        expected = REFERENCE.render(Context({"rows": aspirations, "bulk": bulk}))
        built = aspiration_rows(rows, selectable=bulk)
    assert _squeeze(built) == _squeeze(expected)
    assert "<script>" not in built and "&lt;script&gt;" in built
    assert 'data-testid="in-draft-program"' in built


def test_the_queue_page_keeps_its_order(client_for, officer):
    """The page's ids are sorted by the database; the lean rows are read in one query and kept in that order."""
    low = AspirationFactory(title="Rendah", **dict.fromkeys(PRIORITY_CRITERIA, 1))
    high = AspirationFactory(title="Tinggi", **dict.fromkeys(PRIORITY_CRITERIA, 5))
    html = client_for(officer).get("/aspirations/").content.decode()
    assert html.index(high.tracking_code) < html.index(low.tracking_code)
    page = aspiration_page(filters=AspirationFilters(), number=1, per_page=50)
    assert [row.pk for row in page.object_list] == [high.pk, low.pk]


def test_url_for_pk_is_the_reversed_url(aspirations):
    detail = url_for_pk("aspirations:detail")
    assert [detail(a.pk) for a in aspirations] == [a.get_absolute_url() for a in aspirations]


def test_the_cached_bulk_form_shows_a_new_category_on_the_next_request(client_for, officer, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rows"}}
    AspirationFactory()
    client = client_for(officer)

    def bulk_categories() -> str:
        html = client.get("/aspirations/").content.decode()
        return re.search(r'<select name="category"[^>]*id="bulk-category".*?</select>', html, re.S).group(0)

    bulk_categories()
    assert "Kategori yang baru" not in bulk_categories()  # the second answer comes from the cache
    AspirationCategoryFactory(name_id="Kategori yang baru", name_en="The new category")
    assert "Kategori yang baru" in bulk_categories()
    client.cookies["csrplan_language"] = "en"
    assert "The new category" in bulk_categories()


SESSION_REFERENCE = Template(
    "{% load i18n csrplan %}{% for s in rows %}<tr>"
    '<td class="text-nowrap">{{ s.starts_at|date:"DATE_FORMAT" }}<br>'
    '<span class="small text-body-secondary">{{ s.starts_at|time:"TIME_FORMAT" }}</span></td>'
    '<td><a href="{{ s.get_absolute_url }}" class="fw-semibold">{{ s.title }}</a>'
    '{% if s.theme %}<div class="small text-body-secondary">{{ s.theme }}</div>{% endif %}</td>'
    '<td class="d-none d-md-table-cell">{{ s.venue }}'
    '{% if s.region %}<div class="small text-body-secondary">{{ s.region }}</div>{% endif %}</td>'
    '<td>{% status_badge s testid="session-status" %}</td>'
    '<td class="text-end" data-testid="figure-invited">{{ s.figures.invited }}</td>'
    '<td class="text-end"><span data-testid="figure-present">{{ s.figures.present }}</span>'
    '{% if s.figures.walk_ins %} <span class="small text-body-secondary" title="{% translate "Walk-ins" %}" '
    'data-testid="figure-walk-ins">+{{ s.figures.walk_ins }}</span>{% endif %}</td>'
    '<td class="text-end d-none d-sm-table-cell">{{ s.organizations_present }}</td>'
    '<td class="text-end d-none d-sm-table-cell" data-testid="figure-aspirations">{{ s.figures.aspirations }}</td>'
    "</tr>{% endfor %}"
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_session_rows_match_the_template_they_replaced(db, language):
    FgdSessionFactory(title="FGD <b>nelayan</b>", theme="Air & 'laut'", venue='Balai "Desa"', region=RegionFactory())
    FgdSessionFactory(theme="", starts_at=timezone.now() + dt.timedelta(days=3))
    sessions = session_list()
    rows = [*sessions.upcoming, *sessions.past]
    # A walk-in or two, so that every branch of a row shows.
    rows[0].figures = dataclasses.replace(rows[0].figures, walk_ins=4)
    with translation.override(language):
        expected = SESSION_REFERENCE.render(Context({"rows": rows}))
        built = session_rows(rows)
    assert built == expected
    assert "&lt;b&gt;nelayan" in built and 'data-testid="figure-walk-ins"' in built


@pytest.mark.parametrize("sort", list(SORTS))
def test_the_page_orders_its_ids_as_the_full_list_does(db, sort):
    """The ids query builds only the annotation its sort needs; the order is the full queryset's."""
    main = AspirationFactory(title="Banjir", **dict.fromkeys(PRIORITY_CRITERIA, 2))
    AspirationFactory(title="Air bersih", **dict.fromkeys(PRIORITY_CRITERIA, 4))
    AspirationFactory(title="Cuci tangan")
    AspirationFactory(title="Duplikat", status=Aspiration.Status.MERGED, merged_into=main)
    filters = AspirationFilters(sort=sort)
    page = aspiration_page(filters=filters, number=1, per_page=50)
    full = list(aspiration_list(filters=filters).values_list("pk", flat=True))
    assert [row.pk for row in page.object_list] == full and page.paginator.count == 4
