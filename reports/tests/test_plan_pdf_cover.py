"""The plan PDF's cover carries the company logo and the document number; the FGD table explains itself."""

import io

import pytest
from pypdf import PdfReader

from reports import documents
from reports.rendering import html_to_pdf
from reports.tests.factories import plan_with_programs


@pytest.mark.django_db
def test_cover_has_the_configured_logo_and_the_document_number(settings):
    plan = plan_with_programs(programs=2, activities=1, aspirations=1)
    html = documents.plan_pdf(plan=plan, language="id").html
    assert 'data-testid="company-logo"' in html and "img/company-logo" in html
    pdf = html_to_pdf(html)
    assert pdf.refused == ()  # the logo was found among the static files
    cover = PdfReader(io.BytesIO(pdf.content)).pages[0]
    assert f"TJSL/RK/{plan.year}/v{plan.version}" in cover.extract_text()
    assert "Undangan: pemangku kepentingan yang menerima undangan" in html

    settings.COMPANY_LOGO = "img/favicon.svg"  # a company ships its own file: the setting names it
    assert "img/favicon" in documents.plan_pdf(plan=plan, language="id").html


def test_document_number_rule():
    from programs.models import AnnualPlan

    assert AnnualPlan(year=2025, version=2).document_number == "TJSL/RK/2025/v2"


@pytest.mark.django_db
def test_stakeholder_map_has_a_legend_uncut_labels_and_the_key_people_beside_it():
    from stakeholders.tests.factories import StakeholderFactory

    StakeholderFactory(name="Drs. Syahrani Noor", influence=5, interest=5, is_key_contact=True)
    StakeholderFactory(name="Warga Pantau", influence=1, interest=1)
    plan = plan_with_programs(programs=1, activities=1, aspirations=1)
    html = documents.plan_pdf(plan=plan, language="id").html
    people = html[html.index('data-testid="key-people"') :]
    people = people[: people.index("</table>")]
    assert "Drs. Syahrani Noor" in people and "Warga Pantau" not in people
    legend = html[html.index('data-testid="map-legend"') :]
    assert all(word in legend[:2000] for word in ("Mendukung", "Netral", "Menolak"))
    svg = html[html.index('class="stakeholder-map"') :]
    svg = svg[: svg.index("</svg>")]
    # Quadrant names come after the last grid line, each on a patch: no line runs through them.
    assert svg.rindex("<line") < svg.index("data-quadrant=")
