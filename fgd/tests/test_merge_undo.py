"""Issue 11 item 13: merging asks first and can be undone, both aspirations restored, with history.

Undo is refused when it would overrule a decision taken since the merge: the duplicate changed
status, its target was merged elsewhere (undo that first) or declined (its submitters were told).
"""

import pytest
from django.utils import translation

from core.page_cache import bump_staff_version
from fgd.models import Aspiration, AspirationMerge, AspirationStatusChange
from fgd.selectors.aspirations import AspirationFilters, aspiration_list, aspiration_public_status
from fgd.services.aspirations import (
    TransitionError,
    aspiration_create,
    aspiration_merge,
    aspiration_merge_undo,
    aspiration_transition,
)

Status = Aspiration.Status
Note = AspirationStatusChange.Note


def create(title: str, **fields) -> Aspiration:
    return aspiration_create(title=title, description="-", **{"source": "fgd", **fields})


def supporters(aspiration: Aspiration) -> int:
    return aspiration_list(filters=AspirationFilters()).get(pk=aspiration.pk).supporters


def state(*aspirations: Aspiration) -> list[tuple]:
    rows = Aspiration.objects.in_bulk([a.pk for a in aspirations])
    return [(rows[a.pk].status, rows[a.pk].merged_into_id) for a in aspirations]


@pytest.fixture
def chain(db, officer):
    """`main`; `dup` (under review) with two earlier duplicates of its own (`early`, `earlier`)."""
    main = create("Pemasaran produk sabut kelapa Koperasi KIM")
    dup = create("Pemasaran sabut kelapa KIM", source="public_form")
    aspiration_transition(aspiration=dup, to_status=Status.UNDER_REVIEW, by=officer)
    early, earlier = create("Jual sabut kelapa", source="public_form"), create("Sabut kelapa daring")
    aspiration_merge(duplicate=early, into=dup, by=officer)
    aspiration_merge(duplicate=earlier, into=dup, by=officer)
    return {"main": main, "dup": dup, "early": early, "earlier": earlier}


def test_a_merge_is_recorded_with_what_it_changed(chain, officer):
    main, dup = chain["main"], chain["dup"]
    change = aspiration_merge(duplicate=dup, into=main, by=officer)
    merge = AspirationMerge.objects.get(duplicate=dup, undone_at=None)
    assert (merge.into, merge.previous_status, merge.merged_by, merge.status_change) == (
        main,
        Status.UNDER_REVIEW,
        officer,
        change,
    )
    assert merge.repointed_ids == sorted([chain["early"].pk, chain["earlier"].pk])
    assert state(dup, chain["early"], chain["earlier"]) == [(Status.MERGED, main.pk)] * 3
    assert supporters(main) == 4


def test_undo_restores_both_aspirations_and_the_re_pointed_chain(chain, officer, manager):
    main, dup, early, earlier = chain["main"], chain["dup"], chain["early"], chain["earlier"]
    before = state(main, dup, early, earlier)
    aspiration_merge(duplicate=dup, into=main, by=officer)
    merge = AspirationMerge.objects.get(duplicate=dup, undone_at=None)

    aspiration_merge_undo(merge=merge, by=manager)

    assert state(main, dup, early, earlier) == before
    assert (supporters(main), supporters(dup)) == (1, 3)
    merge.refresh_from_db()
    assert merge.undone_by == manager and merge.undone_at is not None
    last = dup.status_changes.last()
    assert (last.from_status, last.to_status, last.changed_by) == (Status.MERGED, Status.UNDER_REVIEW, manager)
    assert (last.note_kind, last.note_data) == (Note.MERGE_UNDONE, {"code": main.tracking_code})
    assert main.status_changes.count() == 1  # the target's own history is untouched


def test_undo_restores_received_which_the_workflow_alone_would_not_allow(db, officer):
    main, dup = create("Air bersih Margasari"), create("Air bersih RT 3", source="public_form")
    aspiration_merge(duplicate=dup, into=main, by=officer)
    aspiration_merge_undo(merge=AspirationMerge.objects.get(duplicate=dup), by=officer)
    assert state(dup) == [(Status.RECEIVED, None)]


def test_the_undo_note_is_worded_in_the_readers_language_and_the_tracking_page_tells_the_truth(chain, officer):
    main, dup = chain["main"], chain["dup"]
    aspiration_merge(duplicate=dup, into=main, by=officer)
    merged = aspiration_public_status(tracking_code=dup.tracking_code)
    assert merged.merged_into_code == main.tracking_code and merged.main.tracking_code == main.tracking_code

    aspiration_merge_undo(merge=AspirationMerge.objects.get(duplicate=dup), by=officer)
    with translation.override("en"):
        status = aspiration_public_status(tracking_code=dup.tracking_code)
        assert status.history[-1]["note"] == (
            f"No longer merged with {main.tracking_code}: your aspiration is handled on its own again."
        )
        assert (status.main, status.merged_into_code, status.status) == (None, "", Status.UNDER_REVIEW)
        assert status.supporters == 3
    with translation.override("id"):
        note = aspiration_public_status(tracking_code=dup.tracking_code).history[-1]["note"]
        assert note.startswith(f"Tidak lagi digabungkan dengan {main.tracking_code}")
    early = aspiration_public_status(tracking_code=chain["early"].tracking_code)
    assert early.merged_into_code == dup.tracking_code  # the earlier duplicate follows dup again


def test_a_chain_of_merges_is_undone_from_the_last_one_back(chain, officer):
    main, dup = chain["main"], chain["dup"]
    top = create("Sabut kelapa untuk ekspor")
    aspiration_merge(duplicate=dup, into=main, by=officer)
    aspiration_merge(duplicate=main, into=top, by=officer)  # dup and its chain now follow top
    first = AspirationMerge.objects.get(duplicate=dup)
    with translation.override("en"), pytest.raises(TransitionError, match="undo that merge first"):
        aspiration_merge_undo(merge=first, by=officer)

    aspiration_merge_undo(merge=AspirationMerge.objects.get(duplicate=main), by=officer)
    assert state(main, dup) == [(Status.RECEIVED, None), (Status.MERGED, main.pk)]
    aspiration_merge_undo(merge=first, by=officer)
    assert state(dup, chain["early"]) == [(Status.UNDER_REVIEW, None), (Status.MERGED, dup.pk)]


def test_a_re_pointed_duplicate_moved_by_a_person_since_stays_where_they_put_it(chain, officer):
    main, dup, early = chain["main"], chain["dup"], chain["early"]
    aspiration_merge(duplicate=dup, into=main, by=officer)
    aspiration_transition(aspiration=early, to_status=Status.UNDER_REVIEW, by=officer, private_note="bukan duplikat")
    aspiration_merge_undo(merge=AspirationMerge.objects.get(duplicate=dup), by=officer)
    assert state(early, chain["earlier"]) == [(Status.UNDER_REVIEW, None), (Status.MERGED, dup.pk)]


@pytest.mark.parametrize("case", ["duplicate-changed", "target-declined", "already-undone"])
def test_undo_is_refused_when_it_would_overrule_a_later_decision(chain, officer, case):
    main, dup = chain["main"], chain["dup"]
    aspiration_merge(duplicate=dup, into=main, by=officer)
    merge = AspirationMerge.objects.get(duplicate=dup)
    if case == "duplicate-changed":
        aspiration_transition(aspiration=dup, to_status=Status.UNDER_REVIEW, by=officer)
        expected = "changed status since the merge"
    elif case == "target-declined":
        aspiration_transition(aspiration=main, to_status=Status.DECLINED, by=officer, public_note="Di luar wilayah.")
        expected = "declined since the merge"
    else:
        aspiration_merge_undo(merge=merge, by=officer)
        expected = "already undone"
    before = state(main, dup, chain["early"])
    history = AspirationStatusChange.objects.count()
    with translation.override("en"), pytest.raises(TransitionError, match=expected):
        aspiration_merge_undo(merge=merge, by=officer)
    assert state(main, dup, chain["early"]) == before and AspirationStatusChange.objects.count() == history


def test_viewers_cannot_merge_or_undo_and_officers_can_after_confirming(chain, viewer, officer, client_for):
    main, dup = chain["main"], chain["dup"]
    merge_url = f"/aspirations/{dup.pk}/merge/"
    confirmed = {"into": main.tracking_code, "confirmed": "1"}
    assert client_for(viewer).post(merge_url, confirmed).status_code == 403
    assert state(dup) == [(Status.UNDER_REVIEW, None)]

    client = client_for(officer)
    page = client.post(merge_url, {"into": main.tracking_code}).content.decode()
    for named in (dup.tracking_code, dup.title, main.tracking_code, main.title, chain["early"].tracking_code):
        assert named in page  # the confirmation names both, and who moves along
    assert client.post(merge_url, confirmed)["Location"] == main.get_absolute_url()
    merge = AspirationMerge.objects.get(duplicate=dup)
    undo_url = f"/aspirations/merges/{merge.pk}/undo/"
    assert undo_url in client.get(main.get_absolute_url()).content.decode()
    assert undo_url in client.get(dup.get_absolute_url()).content.decode()

    seen_by_viewer = client_for(viewer).get(dup.get_absolute_url()).content.decode()
    assert undo_url not in seen_by_viewer
    assert client_for(viewer).get(undo_url).status_code == 403
    assert client_for(viewer).post(undo_url).status_code == 403
    assert state(dup) == [(Status.MERGED, main.pk)]

    client = client_for(officer)
    assert 'data-testid="undo-confirm-page"' in client.get(undo_url).content.decode()
    assert state(dup) == [(Status.MERGED, main.pk)]  # a GET only asks
    assert client.post(undo_url)["Location"] == dup.get_absolute_url()
    assert state(dup, chain["early"]) == [(Status.UNDER_REVIEW, None), (Status.MERGED, dup.pk)]
    # Asked again (a second tab): refused with the reason, nothing changes.
    response = client.post(undo_url, follow=True)
    assert "already undone" in response.content.decode() or "sudah dibatalkan" in response.content.decode()


def test_a_merge_into_a_merged_aspiration_is_refused_before_the_confirmation(chain, officer, client_for):
    other = create("Sabut kelapa lain")
    aspiration_merge(duplicate=other, into=chain["main"], by=officer)
    response = client_for(officer).post(f"/aspirations/{chain['dup'].pk}/merge/", {"into": other.tracking_code})
    assert response.status_code == 400 and "id_into_error" in response.content.decode()


DETAIL_QUERIES = 8  # the same however many merges an aspiration received (open_merges: one query)
UNDO_PAGE_QUERIES = 7  # the same however many aspirations the merge re-pointed
MERGE_CONFIRM_QUERIES = 6  # the same however many duplicates move along


@pytest.mark.parametrize("merges", [2, 6])
def test_the_pages_with_merges_run_a_constant_number_of_queries(merges, officer, client_for, django_assert_num_queries):
    main = create("Air bersih Margasari")
    for i in range(merges):
        dup = create(f"Air bersih RT {i}", source="public_form")
        for j in range(merges):
            aspiration_merge(duplicate=create(f"Air RT {i}.{j}"), into=dup, by=officer)
        aspiration_merge(duplicate=dup, into=main, by=officer)
    client = client_for(officer)
    client.get(main.get_absolute_url())  # the session and the user are read once per test client
    bump_staff_version()  # the page rendered, not its cached copy (core/page_cache.py)
    with django_assert_num_queries(DETAIL_QUERIES):
        page = client.get(main.get_absolute_url()).content.decode()
    assert page.count('data-testid="undo-merge-') == merges
    with django_assert_num_queries(UNDO_PAGE_QUERIES):
        client.get(f"/aspirations/merges/{AspirationMerge.objects.filter(into=main).first().pk}/undo/")
    extra = create("Air bersih Margasari RW 2")
    for j in range(merges):
        aspiration_merge(duplicate=create(f"Air RW 2.{j}"), into=extra, by=officer)
    with django_assert_num_queries(MERGE_CONFIRM_QUERIES):
        page = client.post(f"/aspirations/{extra.pk}/merge/", {"into": main.tracking_code}).content.decode()
    assert 'data-testid="merge-confirm-page"' in page
