"""People spelled differently are still the same person (issue 11, item 9): the stakeholder form and
the import preview warn about "Rusni Febrianti" next to "Rusni Febriyanti" in the same organisation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from stakeholders.models import ImportJob, Stakeholder
from stakeholders.similarity import bare_name, name_key, names_match, similar_people

from .factories import OrganizationFactory, StakeholderFactory
from .spreadsheets import scenario_rows, xlsx_bytes

KIM = "Koperasi Kriya Inovasi Mandara (KIM)"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rusni Febrianti", "Rusni Febriyanti"),
        ("Ir. H. Bambang Suparno, S.T.", "Bambang Suparna"),
        ("Hj. Siti Rahmah", "Siti Rachmah"),
        ("Dr. Djoko Santoso, M.Si.", "Joko Santosa"),
        ("Muhammad Yusuf", "Muhamad Yusup"),
        ("H. Soetomo", "Sutomo"),
    ],
)
def test_indonesian_spelling_variants_match(a, b):
    assert names_match(a, b)


@pytest.mark.parametrize(("a", "b"), [("Rusni Febriyanti", "Rusmiati Mandara"), ("Siti Rahmah", "Siti Aminah")])
def test_different_people_do_not_match(a, b):
    assert not names_match(a, b)


def test_titles_and_degrees_are_dropped():
    assert bare_name("Ir. H. Bambang Suparno, S.T., M.M.") == "bambang suparno"
    assert bare_name("Hj. Rusmiati Mandara, S.Pd.") == "rusmiati mandara"
    assert name_key("Febriyanti") == "febrianti"


@pytest.mark.django_db
def test_the_register_is_searched_within_the_organisation():
    kim = OrganizationFactory(name=KIM)
    other = OrganizationFactory(name="Karang Taruna Margasari")
    rusni = StakeholderFactory(name="Rusni Febriyanti", organization=kim)
    StakeholderFactory(name="Rusni Febriyanti", organization=other)
    StakeholderFactory(name="Rusmiati Mandara", organization=kim)
    # The configured database's path: trigrams on PostgreSQL (CI), the fallback on SQLite (make test alone).
    assert similar_people(name="Rusni Febrianti", organization=kim) == [rusni]
    assert similar_people(name="Rusni Febrianti", organization_name=KIM.lower()) == [rusni]
    assert similar_people(name="Rusni Febrianti", organization=kim, exclude_pk=rusni.pk) == []


@pytest.mark.django_db
def test_without_pg_trgm_the_fallback_finds_them_too(monkeypatch):
    kim = OrganizationFactory(name=KIM)
    rusni = StakeholderFactory(name="Rusni Febriyanti", organization=kim)
    monkeypatch.setattr(connection, "vendor", "sqlite")
    assert similar_people(name="Rusni Febrianti", organization=kim) == [rusni]


@pytest.mark.django_db
def test_the_stakeholder_form_warns_before_saving(officer, client_for):
    from .test_register import _form_data

    kim = OrganizationFactory(name=KIM)
    StakeholderFactory(name="Rusni Febriyanti", organization=kim, phone="", email="")
    client = client_for(officer)
    data = _form_data(name="Rusni Febrianti", organization=kim.pk, new_organization="", phone="", email="")
    body = client.post(reverse("stakeholders:create"), data).content.decode()
    assert 'data-testid="duplicate-warning"' in body and "Rusni Febriyanti" in body
    assert "a similar name in the same organisation" in body
    assert Stakeholder.objects.count() == 1
    response = client.post(reverse("stakeholders:create"), data | {"confirm_duplicate": "on"})
    assert response.status_code == 302 and Stakeholder.objects.count() == 2


@pytest.mark.django_db
def test_the_import_preview_warns_about_similar_names(officer, client_for):
    kim = OrganizationFactory(name=KIM)
    StakeholderFactory(name="Rusni Febriyanti", organization=kim, phone="", email="")
    rows = scenario_rows()
    rusni = next(r for r in rows if r[2] == KIM and r[0] != "Hj. Rusmiati Mandara")
    rusni[0], rusni[5], rusni[6] = "Rusni Febrianti", "", ""
    client = client_for(officer)
    client.post(reverse("stakeholders:import"), {"file": SimpleUploadedFile("s.xlsx", xlsx_bytes(rows))})
    job = ImportJob.objects.get()
    assert job.status == "ready"
    html = client.get(reverse("stakeholders:import_preview", args=[job.pk])).content.decode()
    assert 'data-testid="import-similar-names"' in html
    assert "“Rusni Febrianti” looks like “Rusni Febriyanti” in the register" in html
