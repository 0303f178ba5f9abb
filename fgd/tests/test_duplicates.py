"""Duplicates: suggestions of similar aspirations, merging, supporters, and following the main one."""

import pytest
from django.db import connection

from fgd.models import Aspiration
from fgd.selectors.aspirations import AspirationFilters, aspiration_list, aspiration_similar
from fgd.services.aspirations import TransitionError, aspiration_create, aspiration_merge, aspiration_transition

Status = Aspiration.Status


def create(title: str, **fields) -> Aspiration:
    return aspiration_create(title=title, description="-", **{"source": "fgd", **fields})


@pytest.fixture
def fgd_items(db):
    return {
        "coir": create("Pemasaran produk sabut kelapa Koperasi KIM"),
        "water": create("Penyediaan air bersih di Kelurahan Margasari"),
        "mangrove": create("Penanaman mangrove di pesisir Kariangau"),
    }


def test_similar_aspirations_are_suggested_most_similar_first(fgd_items):
    found = aspiration_similar(title="Bantuan pemasaran sabut kelapa")
    assert found and found[0] == fgd_items["coir"]
    assert fgd_items["mangrove"] not in found
    assert 0 < found[0].similarity <= 1


def test_nothing_is_suggested_for_unrelated_or_too_short_text(fgd_items):
    assert aspiration_similar(title="Beasiswa anak nelayan") == []
    assert aspiration_similar(title="air") == []


def test_suggestions_leave_out_itself_and_merged_ones(fgd_items):
    coir = fgd_items["coir"]
    dup = create("Pemasaran sabut kelapa KIM", source="public_form")
    assert coir not in aspiration_similar(title=coir.title, exclude_pk=coir.pk)
    aspiration_merge(duplicate=dup, into=coir)
    assert dup not in aspiration_similar(title="Pemasaran sabut kelapa")


def test_the_public_only_sees_suggestions_staff_have_acted_on(fgd_items):
    assert aspiration_similar(title="Pemasaran sabut kelapa", public=True) == []
    aspiration_transition(aspiration=fgd_items["coir"], to_status=Status.ACCEPTED)
    assert aspiration_similar(title="Pemasaran sabut kelapa", public=True) == [fgd_items["coir"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm exists only on PostgreSQL")
def test_postgresql_has_the_gist_trigram_index_and_no_gin_one(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexdef LIKE '%%trgm_ops%%'")
        indexes = dict(cursor.fetchall())
    assert list(indexes) == ["fgd_aspiration_title_trgm_gist"]
    assert "gist_trgm_ops (siglen='256')" in indexes["fgd_aspiration_title_trgm_gist"]


def test_merging_keeps_both_records_and_counts_supporters(fgd_items, officer):
    main = fgd_items["coir"]
    first = create("Pemasaran sabut kelapa", source="public_form")
    second = create("Bantu jual produk sabut kelapa", source="public_form")
    aspiration_merge(duplicate=first, into=main, by=officer)
    aspiration_merge(duplicate=second, into=main, by=officer, public_note="Sama dengan usulan FGD.")
    first.refresh_from_db()
    assert (first.status, first.merged_into) == (Status.MERGED, main)
    assert Aspiration.objects.count() == 5
    change = second.status_changes.last()
    assert (change.to_status, change.changed_by, change.public_note) == ("merged", officer, "Sama dengan usulan FGD.")
    assert main.tracking_code in first.status_changes.last().public_text  # generated: worded when shown
    row = aspiration_list(filters=AspirationFilters()).get(pk=main.pk)
    assert row.supporters == 3


def test_merging_a_main_aspiration_moves_its_duplicates_along(fgd_items):
    a, b = fgd_items["coir"], create("Sabut kelapa KIM pemasaran daring")
    dup = create("Pemasaran sabut kelapa", source="public_form")
    aspiration_merge(duplicate=dup, into=b)
    aspiration_merge(duplicate=b, into=a)
    dup.refresh_from_db()
    assert dup.merged_into == a
    assert aspiration_list(filters=AspirationFilters()).get(pk=a.pk).supporters == 3


@pytest.mark.parametrize("case", ["itself", "into-merged", "final-status"])
def test_impossible_merges_are_refused_with_a_reason(fgd_items, case):
    coir, water = fgd_items["coir"], fgd_items["water"]
    if case == "itself":
        duplicate, into = coir, coir
    elif case == "into-merged":
        aspiration_merge(duplicate=water, into=coir)
        duplicate, into = create("Sabut kelapa"), water
    else:
        aspiration_transition(aspiration=water, to_status=Status.ACCEPTED)
        duplicate, into = water, coir
    with pytest.raises(TransitionError) as error:
        aspiration_merge(duplicate=duplicate, into=into)
    assert str(error.value)
    duplicate.refresh_from_db()
    assert duplicate.status != Status.MERGED or case == "into-merged" and duplicate == water


def test_unmerging_by_reopening_clears_the_link(fgd_items):
    dup = create("Sabut kelapa KIM", source="public_form")
    aspiration_merge(duplicate=dup, into=fgd_items["coir"])
    aspiration_transition(aspiration=dup, to_status=Status.UNDER_REVIEW, private_note="bukan duplikat")
    dup.refresh_from_db()
    assert dup.merged_into is None


def test_the_merge_page_action_needs_a_real_code(client_for, officer, fgd_items):
    dup = create("Sabut kelapa", source="public_form")
    client = client_for(officer)
    response = client.post(f"/aspirations/{dup.pk}/merge/", {"into": "ASP-2222-3333"})
    assert response.status_code == 400 and "id_into_error" in response.content.decode()
    response = client.post(f"/aspirations/{dup.pk}/merge/", {"into": fgd_items["coir"].tracking_code.lower()})
    assert response.status_code == 200 and 'data-testid="merge-confirm-page"' in response.content.decode()
    dup.refresh_from_db()
    assert dup.merged_into is None  # asked first
    data = {"into": fgd_items["coir"].tracking_code, "confirmed": "1"}
    response = client.post(f"/aspirations/{dup.pk}/merge/", data)
    assert response["Location"] == f"/aspirations/{fgd_items['coir'].pk}/"
    dup.refresh_from_db()
    assert dup.merged_into == fgd_items["coir"]


def test_the_public_form_suggests_only_what_staff_took_up(client, fgd_items):
    url = "/aspirations/submit/similar/"
    assert "sabut" not in client.get(url, {"title": "pemasaran sabut kelapa"}).content.decode()
    aspiration_transition(aspiration=fgd_items["coir"], to_status=Status.ACCEPTED, private_note="rahasia")
    html = client.get(url, {"title": "pemasaran sabut kelapa"}).content.decode()
    assert fgd_items["coir"].title in html
    assert fgd_items["coir"].tracking_code not in html and "rahasia" not in html


def test_staff_see_similar_aspirations_while_typing(client_for, viewer, fgd_items):
    html = client_for(viewer).get("/aspirations/similar/", {"title": "air bersih Margasari"}).content.decode()
    assert fgd_items["water"].tracking_code in html and f"/aspirations/{fgd_items['water'].pk}/" in html


def test_the_detail_page_loads_its_similar_aspirations_after_the_page(client_for, viewer, officer, fgd_items):
    dup = create("Pemasaran sabut kelapa Koperasi KIM", source="public_form")
    detail = client_for(viewer).get(f"/aspirations/{dup.pk}/").content.decode()
    assert f'data-hx-get="/aspirations/{dup.pk}/similar/"' in detail and fgd_items["coir"].tracking_code not in detail

    seen_by_viewer = client_for(viewer).get(f"/aspirations/{dup.pk}/similar/").content.decode()
    assert fgd_items["coir"].tracking_code in seen_by_viewer and "merge-into-" not in seen_by_viewer
    seen_by_officer = client_for(officer).get(f"/aspirations/{dup.pk}/similar/").content.decode()
    assert f'data-testid="merge-into-{fgd_items["coir"].tracking_code}"' in seen_by_officer

    aspiration_transition(aspiration=dup, to_status=Status.ACCEPTED)
    assert "merge-into-" not in client_for(officer).get(f"/aspirations/{dup.pk}/similar/").content.decode()
    assert client_for(viewer).get("/aspirations/999999/similar/").status_code == 404
