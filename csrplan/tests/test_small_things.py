"""Small things a walk through the scenario found (issue 11, item 17)."""

import pytest
from django.test import override_settings

from fgd.forms.sessions import SessionForm
from fgd.tests.factories import AspirationFactory
from programs.models import AnnualPlan
from stakeholders.models import Region
from stakeholders.tests.factories import RegionFactory, StakeholderFactory


@pytest.mark.django_db
def test_fgd_region_picker_names_the_parent_of_places_that_share_a_name():
    north = RegionFactory(code="99.01", name="Kecamatan Utara", level=Region.Level.DISTRICT)
    south = RegionFactory(code="99.02", name="Kecamatan Selatan", level=Region.Level.DISTRICT)
    RegionFactory(code="99.01.01", name="Waru", parent=north)
    RegionFactory(code="99.02.01", name="Waru", parent=south)
    labels = [str(label) for _, label in SessionForm().fields["region"].choices]
    assert "Kecamatan Utara › Waru" in labels and "Kecamatan Selatan › Waru" in labels
    assert "Waru" not in labels


@pytest.mark.django_db
@override_settings(COMPANY_NAME="PT Contoh Energi Balikpapan")
@pytest.mark.parametrize("path", ["/aspirations/submit/", "/aspirations/track/", "/accounts/login/"])
def test_public_pages_name_the_company_in_header_and_footer(client, path):
    body = client.get(path).content.decode()
    header = body[body.index("<header") : body.index("</header>")]
    footer = body[body.index("<footer") : body.index("</footer>")]
    assert "PT Contoh Energi Balikpapan" in header and "PT Contoh Energi Balikpapan" in footer


@pytest.mark.django_db
def test_favicon_ico_answers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert "favicon" in response["Location"] and response["Location"].endswith(".svg")


@pytest.mark.django_db
def test_a_captured_aspiration_names_its_stakeholder_on_the_sender_card(client, officer):
    speaker = StakeholderFactory(name="Rusni Febrianti")
    aspiration = AspirationFactory(stakeholder=speaker, submitter_name="", submitter_phone="", submitter_email="")
    client.force_login(officer)
    body = client.get(f"/aspirations/{aspiration.pk}/").content.decode()
    card = body[body.index('data-testid="contact-card"') :]
    card = card[: card.index("</section>")]
    assert "Rusni Febrianti" in card and speaker.get_absolute_url() in card
    assert "tanpa nama" not in card.lower()  # not "sent without name or contact details"


def test_plans_without_a_title_share_one_default_title():
    plan = AnnualPlan(year=2025, version=2, title="")
    assert str(plan) == "Rencana Kerja TJSL 2025 v2" == f"{plan.display_title} 2025 v2"
    assert str(AnnualPlan(year=2025, version=1, title="Rencana Kerja Khusus")) == "Rencana Kerja Khusus 2025 v1"
