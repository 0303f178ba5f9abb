"""The register's and the organisations list's rows, built in Python (`{% stakeholder_rows %}`,
`{% organization_rows %}`), say what the templates said.

REFERENCE is the template loop the tag replaced (issue 15), except that a person not mapped yet
shows the "not mapped" label (`get_quadrant_display`) where the loop printed the empty value.
The loop read model instances; the tag reads the named tuples of `stakeholder_rows`.
"""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from stakeholders.models import Organization
from stakeholders.selectors import organization_list, organization_rows, stakeholder_list
from stakeholders.selectors import stakeholder_rows as stakeholder_row_tuples
from stakeholders.templatetags.register_rows import organization_rows as organization_rows_tag
from stakeholders.templatetags.register_rows import stakeholder_rows
from stakeholders.tests.factories import OrganizationFactory, RegionFactory, StakeholderFactory

REFERENCE = Template(
    "{% load i18n csrplan %}{% for person in rows %}"
    '<tr{% if not person.is_active %} class="text-body-secondary"{% endif %}><td>'
    '<a href="{{ person.get_absolute_url }}" class="fw-semibold">{{ person.name }}</a>'
    '{% if person.is_local_hero %} <span class="badge text-bg-warning ms-1" title="{% translate \'Local hero\' %}">'
    '<i class="bi bi-star-fill" aria-hidden="true"></i><span class="visually-hidden">{% translate "Local hero" %}'
    "</span></span>{% endif %}"
    '{% if not person.is_active %} <span class="badge text-bg-secondary ms-1">{% translate "Archived" %}</span>'
    "{% endif %}"
    '<div class="small text-body-secondary">{{ person.position }}</div>'
    '<div class="small d-sm-none">{{ person.organization.name }}</div></td>'
    '<td class="d-none d-sm-table-cell">{{ person.organization.name|default:"—" }}'
    '<div class="small text-body-secondary">{{ person.organization|choice_label:"type" }}</div></td>'
    '<td class="d-none d-md-table-cell">{{ person.region.name|default:"—" }}{% if person.region.parent %}'
    '<div class="small text-body-secondary">{{ person.region.parent.name }}</div>{% endif %}</td>'
    '{% if show_contact %}<td class="d-none d-lg-table-cell text-nowrap">{{ person.phone_display|default:"—" }}'
    "</td>{% endif %}"
    '<td class="text-center d-none d-sm-table-cell">{{ person.influence|default:"–" }}</td>'
    '<td class="text-center d-none d-sm-table-cell">{{ person.interest|default:"–" }}</td>'
    '<td>{% if person.quadrant %}{% status_badge person "quadrant" %}{% else %}'
    '<span class="badge quadrant-unmapped">{{ person.get_quadrant_display }}</span>{% endif %}'
    '<div>{% status_badge person "attitude" %}</div></td></tr>{% endfor %}'
)


@pytest.fixture
def people(db):
    district = RegionFactory(name="Kecamatan <i>", level="district")
    StakeholderFactory(
        name="Bu <b>Ani</b> & 'Co'",
        position='Ketua "RT"',
        organization=OrganizationFactory(name="Kelompok <Tani>", region=RegionFactory(parent=district)),
        is_local_hero=True,
    )
    StakeholderFactory(organization=None, region=None, phone="", is_active=False, influence=None, interest=None)
    StakeholderFactory(
        name="<script>alert(1)</script>",
        position="",
        organization=OrganizationFactory(name="", region=None),
        region=RegionFactory(name="", parent=RegionFactory(name="Kabupaten & <Kota>")),
        phone="0812<5001>",
        influence=5,
        interest=1,
        attitude="resistant",
    )
    return list(stakeholder_list(status="all"))


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("show_contact", [True, False])
def test_rows_match_the_template_they_replaced(people, language, show_contact):
    rows = list(stakeholder_row_tuples(status="all"))
    assert [row.pk for row in rows] == [person.pk for person in people] and len(rows) == 3
    with translation.override(language):
        expected = REFERENCE.render(Context({"rows": people, "show_contact": show_contact}))
        built = stakeholder_rows(rows, show_contact=show_contact)
    assert re.sub(r">\s+<", "><", built) == re.sub(r">\s+<", "><", expected)
    assert "Bu &lt;b&gt;Ani" in built and "quadrant-unmapped" in built and ("0812" in built) == show_contact
    assert "&lt;script&gt;" in built and "Kabupaten &amp; &lt;Kota&gt;" in built


ORGANIZATION_REFERENCE = Template(
    "{% load i18n csrplan %}{% for organization in rows %}"
    '<tr><td><a href="{{ organization.get_absolute_url }}" class="fw-semibold">{{ organization.name }}</a></td>'
    '<td>{{ organization|choice_label:"type" }}</td>'
    '<td class="d-none d-md-table-cell">{{ organization.region.name|default:"—" }}</td>'
    '<td class="d-none d-md-table-cell">{% if organization.partner_status %}'
    '{{ organization|choice_label:"partner_status" }} ({{ organization.partner_status_year }})'
    "{% else %}—{% endif %}</td>"
    '<td class="text-end">{{ organization.people }}</td></tr>{% endfor %}'
)


@pytest.mark.parametrize("language", ["id", "en"])
def test_organization_rows_match_the_template_they_replaced(db, language):
    """The rows are named tuples of the shown columns (`organization_rows`), the loop read model instances."""
    tani = OrganizationFactory(
        name="Kelompok <Tani> & 'Co'",
        region=RegionFactory(name='Desa "Baru" <i>'),
        partner_status=Organization.PartnerStatus.DEVELOPING,
        partner_status_year=2024,
    )
    OrganizationFactory(name="Koperasi", region=None, type=Organization.Type.COOPERATIVE)
    OrganizationFactory(name="Mitra", partner_status=Organization.PartnerStatus.ASSISTED, partner_status_year=None)
    StakeholderFactory(organization=tani)
    StakeholderFactory(organization=tani, is_active=False)
    instances, rows = list(organization_list()), list(organization_rows())
    assert [row.pk for row in rows] == [o.pk for o in instances] and len(rows) == 3
    with translation.override(language):
        expected = ORGANIZATION_REFERENCE.render(Context({"rows": instances}))
        built = organization_rows_tag(rows)
    assert built == expected
    assert "Kelompok &lt;Tani&gt; &amp; &#x27;Co&#x27;" in built and '<td class="text-end">1</td>' in built
