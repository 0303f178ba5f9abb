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
from fgd.models import Aspiration
from fgd.selectors.aspirations import aspiration_queryset
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
    rows = list(aspiration_queryset().order_by("pk"))
    # Annotations the queue computes; set here so that every branch of a row shows.
    rows[0].in_draft_program, rows[0].supporters, rows[1].priority_score = True, 1234, 72.6
    return rows


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("bulk", [True, False])
def test_rows_match_the_template_they_replaced(aspirations, language, bulk):
    with translation.override(language):
        expected = REFERENCE.render(Context({"rows": aspirations, "bulk": bulk}))
        built = aspiration_rows(aspirations, selectable=bulk)
    assert _squeeze(built) == _squeeze(expected)
    assert "<script>" not in built and "&lt;script&gt;" in built
    assert 'data-testid="in-draft-program"' in built


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
