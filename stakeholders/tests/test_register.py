import datetime
import json
import re

import pytest
from django.urls import reverse

from core.access import Role
from core.page_cache import bump_staff_version
from stakeholders.mapping import MAX_DOTS_PER_CELL, cells_of, stakeholder_map_svg
from stakeholders.models import Engagement, Region, Stakeholder
from stakeholders.phones import InvalidPhone, normalise_phone
from stakeholders.selectors import within_region

from .factories import EngagementFactory, OrganizationFactory, RegionFactory, StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("influence", "interest", "quadrant"),
    [
        (5, 5, "manage_closely"),
        (3, 3, "manage_closely"),
        (5, 2, "keep_satisfied"),
        (3, 1, "keep_satisfied"),
        (2, 5, "keep_informed"),
        (1, 3, "keep_informed"),
        (2, 2, "monitor"),
        (1, 1, "monitor"),
    ],
)
def test_quadrant_follows_influence_and_interest(influence, interest, quadrant):
    person = StakeholderFactory(influence=influence, interest=interest)
    person.refresh_from_db()
    assert person.quadrant == quadrant
    assert Stakeholder.objects.filter(quadrant=quadrant).count() == 1


def test_quadrant_moves_when_the_scores_change():
    person = StakeholderFactory(influence=5, interest=5)
    person.influence = 1
    person.save()
    person.refresh_from_db()
    assert person.quadrant == "keep_informed"
    assert person.get_quadrant_display() == "Keep informed"


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("0812-5001-0001", "+6281250010001"), ("+62 812 5001 0001", "+6281250010001"), ("(0542) 731234", "+62542731234")],
)
def test_phone_numbers_are_stored_in_one_form(raw, stored):
    assert normalise_phone(raw) == stored


@pytest.mark.parametrize("raw", ["12345", "0812abc", "+1 202 555 0100", "00812345678"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(InvalidPhone):
        normalise_phone(raw)


# --- who may do what -----------------------------------------------------------------------


def test_viewer_never_sees_contact_data(viewer, client_for):
    person = StakeholderFactory(phone="+6281299990001", email="rahasia@example.com")
    client = client_for(viewer)
    pages = [
        client.get(reverse("stakeholders:list")),
        client.get(reverse("stakeholders:detail", args=[person.pk])),
        client.get(reverse("stakeholders:map")),
        client.get(reverse("stakeholders:export"), {"fmt": "csv"}),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode("utf-8-sig")
        assert person.name in body
        assert "9999" not in body and "rahasia" not in body


def test_viewer_cannot_find_people_by_phone(viewer, officer, client):
    StakeholderFactory(name="Pak Rahmat", phone="+6281277770001")
    client.force_login(viewer)
    assert "Pak Rahmat" not in client.get(reverse("stakeholders:list"), {"q": "0812-7777-0001"}).content.decode()
    client.force_login(officer)
    assert "Pak Rahmat" in client.get(reverse("stakeholders:list"), {"q": "0812-7777-0001"}).content.decode()


def test_viewer_does_not_see_contact_changes_in_the_history(viewer, officer, client_for):
    person = StakeholderFactory(phone="+6281211110001")
    person.phone = "+6281222220002"
    person.position = "Sekretaris"
    person.save()
    body = client_for(viewer).get(reverse("stakeholders:detail", args=[person.pk])).content.decode()
    assert "Sekretaris" in body
    assert "1111" not in body and "2222" not in body


def test_viewer_cannot_change_anything(viewer, client_for):
    person = StakeholderFactory()
    client = client_for(viewer)
    assert client.get(reverse("stakeholders:create")).status_code == 403
    assert client.get(reverse("stakeholders:edit", args=[person.pk])).status_code == 403
    assert client.post(reverse("stakeholders:archive", args=[person.pk])).status_code == 403
    assert client.get(reverse("stakeholders:import")).status_code == 403
    assert client.post(reverse("stakeholders:engagement_add", args=[person.pk]), {}).status_code == 403
    body = client.get(reverse("stakeholders:detail", args=[person.pk])).content.decode()
    assert reverse("stakeholders:edit", args=[person.pk]) not in body


def test_only_managers_export_and_erase_personal_data(officer, manager, client):
    person = StakeholderFactory()
    client.force_login(officer)
    assert client.get(reverse("stakeholders:personal_data", args=[person.pk])).status_code == 403
    assert (
        client.post(reverse("stakeholders:erase", args=[person.pk]), {"confirm_name": person.name}).status_code == 403
    )
    client.force_login(manager)
    assert client.get(reverse("stakeholders:personal_data", args=[person.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(reverse("stakeholders:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- create, edit, archive -----------------------------------------------------------------


def _form_data(**overrides) -> dict:
    region = Region.objects.get(name="Margo Mulyo")
    data = {
        "name": "Siti Nurhaliza",
        "position": "Ketua",
        "organization": "",
        "new_organization": "Kelompok Wanita Tani Melati",
        "new_organization_type": "community_group",
        "region": region.pk,
        "phone": "0812 5555 0001",
        "email": "Siti@Example.com",
        "influence": 2,
        "interest": 5,
        "attitude": "supportive",
        "consent_date": "2025-01-06",
        "consent_channel": "Formulir",
        "consent_notice_version": "",
    }
    data.update(overrides)
    return data


def test_officer_creates_a_stakeholder_with_a_new_organisation(officer, client_for):
    response = client_for(officer).post(reverse("stakeholders:create"), _form_data())
    person = Stakeholder.objects.get(name="Siti Nurhaliza")
    assert response.status_code == 302 and response["Location"] == reverse("stakeholders:detail", args=[person.pk])
    assert person.organization.name == "Kelompok Wanita Tani Melati"
    assert person.phone == "+6281255550001" and person.email == "siti@example.com"
    assert person.consent_notice_version == "2025.1"
    assert person.history.get().history_user == officer


def test_invalid_input_is_explained_and_kept(officer, client_for):
    response = client_for(officer).post(
        reverse("stakeholders:create"), _form_data(phone="12-34", influence=7, consent_date="")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert not Stakeholder.objects.exists()
    assert "Not an Indonesian phone number" in body
    assert "Record when the person agreed" in body
    assert 'value="Siti Nurhaliza"' in body and 'value="12-34"' in body


def test_likely_duplicates_are_shown_before_saving(officer, client_for):
    existing = StakeholderFactory(name="Bambang Hartono", phone="+6281255550001")
    client = client_for(officer)
    response = client.post(reverse("stakeholders:create"), _form_data(name="B. Hartono"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="duplicate-warning"' in body and "Bambang Hartono" in body and "same phone number" in body
    assert Stakeholder.objects.count() == 1
    response = client.post(reverse("stakeholders:create"), _form_data(name="B. Hartono", confirm_duplicate="on"))
    assert response.status_code == 302
    assert Stakeholder.objects.exclude(pk=existing.pk).get().name == "B. Hartono"


def test_same_name_in_the_same_organisation_is_a_likely_duplicate(officer, client_for):
    existing = StakeholderFactory(name="Sumarni", phone="", email="")
    data = _form_data(
        name="sumarni", organization=existing.organization.pk, new_organization="", phone="", email="", consent_date=""
    )
    body = client_for(officer).post(reverse("stakeholders:create"), data).content.decode()
    assert "same name in the same organisation" in body


def test_editing_keeps_history_and_archiving_hides_from_the_list(officer, client_for):
    person = StakeholderFactory(name="Wahyu", influence=2)
    client = client_for(officer)
    data = _form_data(
        name="Wahyu", organization=person.organization.pk, new_organization="", influence=5, phone="", email=""
    )
    assert client.post(reverse("stakeholders:edit", args=[person.pk]), data).status_code == 302
    client.post(reverse("stakeholders:archive", args=[person.pk]), {"active": "0"})
    person.refresh_from_db()
    assert person.influence == 5 and not person.is_active
    assert not client.get(reverse("stakeholders:list")).context["page"].object_list
    assert client.get(reverse("stakeholders:list"), {"status": "archived"}).context["page"][0].pk == person.pk
    detail = client.get(reverse("stakeholders:detail", args=[person.pk])).content.decode()
    assert "archived" in detail.lower() and "Influence" in detail


def test_officer_records_an_engagement(officer, client_for):
    person = StakeholderFactory()
    client_for(officer).post(
        reverse("stakeholders:engagement_add", args=[person.pk]),
        {"date": "2025-02-03", "kind": "visit", "notes": "Kunjungan lapangan"},
    )
    engagement = Engagement.objects.get()
    assert (engagement.stakeholder, engagement.staff, engagement.kind) == (person, officer, "visit")


# --- search, filters, sorting, export -------------------------------------------------------


def test_filters_and_sorting(officer, client_for):
    ring1 = Region.objects.get(name="Margo Mulyo")
    ring3 = Region.objects.get(name="Teritip")
    coop = OrganizationFactory(type="cooperative", region=ring1)
    StakeholderFactory(name="Ani", organization=coop, region=ring1, influence=5, is_local_hero=True)
    StakeholderFactory(name="Budi", region=ring3, influence=1, attitude="resistant")
    client = client_for(officer)

    def names(**params):
        page = client.get(reverse("stakeholders:list"), params).context["page"]
        return [p.name for p in page.object_list]

    assert names(org_type="cooperative") == ["Ani"]
    assert names(ring=3) == ["Budi"]
    assert names(region=Region.objects.get(name="Balikpapan Barat").pk) == ["Ani"]
    assert names(region=Region.objects.get(name="Kota Balikpapan").pk) == ["Ani", "Budi"]
    assert names(quadrant="keep_informed") == ["Budi"]
    assert names(attitude="resistant") == ["Budi"]
    assert names(local_hero="yes") == ["Ani"]
    assert names(sort="-influence") == ["Ani", "Budi"]
    assert names(sort="influence") == ["Budi", "Ani"]
    assert names(q="ani") == ["Ani"]
    assert names(ring="bogus", sort="bogus") == ["Ani", "Budi"]


def test_export_of_the_filtered_list(officer, viewer, client):
    StakeholderFactory(name="Ani", influence=5, phone="+6281200000001", attitude="supportive")
    StakeholderFactory(name="Budi", influence=1)
    client.force_login(officer)
    response = client.get(reverse("stakeholders:export"), {"fmt": "csv", "quadrant": "manage_closely"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Disposition"] == 'attachment; filename="stakeholders.csv"'
    assert len(lines) == 2 and "Phone" in lines[0]
    assert "Ani" in lines[1] and "+6281200000001" in lines[1] and "Supportive" in lines[1]
    xlsx = client.get(reverse("stakeholders:export"), {"fmt": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    client.force_login(viewer)
    header = client.get(reverse("stakeholders:export"), {"fmt": "csv"}).content.decode("utf-8-sig").splitlines()[0]
    assert "Phone" not in header and "E-mail" not in header


# --- personal data --------------------------------------------------------------------------


def test_personal_data_export_holds_fields_and_history(manager, client_for):
    person = StakeholderFactory(name="Rina", phone="+6281233330001")
    EngagementFactory(stakeholder=person, notes="Rapat desa")
    response = client_for(manager).get(reverse("stakeholders:personal_data", args=[person.pk]))
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment;")
    assert data["name"] == "Rina" and data["phone"] == "+6281233330001"
    assert data["engagements"][0]["notes"] == "Rapat desa"
    assert data["history"] and data["consent_notice_version"] == "2025.1"


def test_erasure_anonymises_the_person_but_keeps_the_aggregates(manager, client_for):
    person = StakeholderFactory(name="Rina Wati", phone="+6281233330001", email="rina@example.com", influence=4)
    person.position = "Bendahara"
    person.save()
    EngagementFactory(stakeholder=person, notes="Bicara soal keluarga")
    EngagementFactory(stakeholder=person, kind="call")
    client = client_for(manager)
    response = client.post(reverse("stakeholders:erase", args=[person.pk]), {"confirm_name": "wrong"})
    assert response.status_code == 200
    response = client.post(reverse("stakeholders:erase", args=[person.pk]), {"confirm_name": "Rina Wati"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == f"[erased #{person.pk}]"
    assert (person.phone, person.email, person.position, person.consent_date) == ("", "", "", None)
    assert person.erased_by == manager and person.erased_at is not None and not person.is_active
    # aggregates stay
    assert person.organization is not None and person.region is not None and person.influence == 4
    assert person.engagements.count() == 2
    assert not person.engagements.exclude(notes="").exists()
    # and no earlier version in the history still holds the data
    assert person.history.count() == 1
    assert not person.history.filter(name="Rina Wati").exists()
    assert person.history.get().history_user == manager
    body = client.get(reverse("stakeholders:detail", args=[person.pk])).content.decode()
    assert 'data-testid="erased-notice"' in body and "Rina" not in body


# --- the map --------------------------------------------------------------------------------


def test_map_svg_places_each_person_with_a_link_and_counts(officer, client_for):
    hero = StakeholderFactory(name="Ani", influence=5, interest=5, is_local_hero=True)
    StakeholderFactory(name="Budi", influence=1, interest=1)
    StakeholderFactory(name="Citra", influence=1, interest=2, is_active=False)
    svg = stakeholder_map_svg(cells_of(Stakeholder.objects.filter(is_active=True)), href=lambda p: f"/s/{p.pk}/")
    assert svg.startswith("<svg") and svg.count("<circle") == 2
    assert f'href="/s/{hero.pk}/"' in svg and "#ffc107" in svg
    assert "Manage closely (1)" in svg and "Monitor (1)" in svg and "Keep informed (0)" in svg
    response = client_for(officer).get(reverse("stakeholders:map"), {"org_type": hero.organization.type})
    body = response.content.decode()
    assert body.count("data-stakeholder=") == 2
    assert f'href="{reverse("stakeholders:detail", args=[hero.pk])}"' in body


def test_within_region_reaches_every_level_below_and_none_above(db):
    province = RegionFactory(level=Region.Level.PROVINCE)
    regency = RegionFactory(level=Region.Level.REGENCY, parent=province)
    district = RegionFactory(level=Region.Level.DISTRICT, parent=regency)
    subdistrict = RegionFactory(level=Region.Level.SUBDISTRICT, parent=district)
    for region in (province, regency, district, subdistrict):
        StakeholderFactory(region=region)

    def levels(region):
        return set(Stakeholder.objects.filter(within_region(region)).values_list("region__level", flat=True))

    assert levels(province) == {"province", "regency", "district", "subdistrict"}
    assert levels(district.pk) == {"district", "subdistrict"}
    assert levels(subdistrict) == {"subdistrict"}


def test_map_filters_by_region(officer, client_for):
    StakeholderFactory(name="Ani", region=Region.objects.get(name="Teritip"))
    StakeholderFactory(name="Budi", region=Region.objects.get(name="Waru", level="district"))
    ppu = Region.objects.get(name="Kabupaten Penajam Paser Utara")
    body = client_for(officer).get(reverse("stakeholders:map"), {"region": ppu.pk}).content.decode()
    assert "Budi" in body and "Ani" not in body


# --- constant query counts ------------------------------------------------------------------


def _people(count: int) -> None:
    organizations = [OrganizationFactory() for _ in range(5)]
    Stakeholder.objects.bulk_create(
        Stakeholder(
            name=f"Orang {i}",
            organization=organizations[i % 5],
            region=organizations[i % 5].region,
            influence=i % 5 + 1,
            interest=(i * 3) % 5 + 1,
            phone=f"+62812{i:08d}",
            consent_date=datetime.date(2025, 1, 1),
        )
        for i in range(count)
    )


@pytest.mark.parametrize("count", [5, 500])
def test_list_page_query_count_is_constant(count, officer, client_for, django_assert_num_queries):
    _people(count)
    client = client_for(officer)
    # savepoint, the user with their role, filter regions, count, page of rows, release (ATOMIC_REQUESTS)
    with django_assert_num_queries(6):
        response = client.get(reverse("stakeholders:list"), {"sort": "-influence"})
    assert len(response.context["page"].object_list) == min(count, 25)
    # After a write the page is rendered again, its filter bar is not (a fragment kept by reference
    # version): the regions are not read, since they are only the bar's options.
    bump_staff_version()
    with django_assert_num_queries(5):
        client.get(reverse("stakeholders:list"), {"sort": "-influence"})


@pytest.mark.parametrize("count", [5, 500])
def test_map_page_query_count_is_constant(count, officer, client_for, django_assert_max_num_queries):
    _people(count)
    client = client_for(officer)
    # savepoint, the user with their role, filter regions, cell counts, the people in the cells drawn
    # as dots (skipped when every cell is summarised), release (ATOMIC_REQUESTS)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("stakeholders:map"))
    body = response.content.decode()
    dots, summarised = body.count("data-stakeholder="), re.findall(r'data-count="(\d+)"', body)
    assert dots + sum(int(n) for n in summarised) == count
    assert (dots, len(summarised)) == ((count, 0) if count <= MAX_DOTS_PER_CELL else (0, 5))


def test_a_crowded_cell_is_summarised_and_links_to_its_people(officer, client_for):
    region = Region.objects.get(name="Teritip")
    StakeholderFactory.create_batch(MAX_DOTS_PER_CELL + 1, influence=4, interest=2, region=region)
    StakeholderFactory(name="Sendiri", influence=1, interest=5, is_local_hero=True)
    client = client_for(officer)

    body = client.get(reverse("stakeholders:map")).content.decode()
    assert body.count("data-stakeholder=") == 1
    assert f'data-cell="2-4" data-count="{MAX_DOTS_PER_CELL + 1}"' in body
    link = re.search(r'<a href="([^"]+)" class="map-cell">', body).group(1).replace("&amp;", "&")
    assert "interest=2" in link and "influence=4" in link

    listed = client.get(link)
    assert listed.context["page"].paginator.count == MAX_DOTS_PER_CELL + 1


def test_the_template_and_the_detail_page_are_reachable_for_an_officer(officer, client_for):
    person = StakeholderFactory()
    client = client_for(officer)
    assert client.get(reverse("stakeholders:import_template")).content[:2] == b"PK"
    assert client.get(reverse("stakeholders:detail", args=[person.pk])).status_code == 200
    assert Role.OFFICER


def test_the_region_filter_checks_its_choice_when_asked_and_the_bar_still_lists_the_regions(officer, client_for):
    """The filter form reads the regions only when they are needed (a region asked for, the bar rendered)."""
    district = RegionFactory(name="Kecamatan <Uji>", level=Region.Level.DISTRICT)
    inside = StakeholderFactory(name="Warga Dalam", region=district)
    StakeholderFactory(name="Warga Luar")
    client = client_for(officer)
    response = client.get(reverse("stakeholders:list"), {"region": district.pk})
    assert [row.pk for row in response.context["page"]] == [inside.pk]
    assert f'<option value="{district.pk}" selected>Kecamatan &lt;Uji&gt;' in response.content.decode()
    # A region that is not among the choices (a province) is ignored, as any bad filter value.
    province = Region.objects.filter(level=Region.Level.PROVINCE).first() or RegionFactory(level=Region.Level.PROVINCE)
    response = client.get(reverse("stakeholders:list"), {"region": province.pk})
    assert response.status_code == 200 and len(response.context["page"]) == 2
