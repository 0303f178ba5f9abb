import re

import pytest

from fgd.models import Aspiration
from fgd.services.aspirations import (
    TRACKING_ALPHABET,
    TransitionError,
    aspiration_create,
    aspiration_transition,
    normalise_tracking_code,
)

Status = Aspiration.Status


@pytest.fixture
def aspiration(db):
    return aspiration_create(title="Pelatihan urban farming", description="Untuk ibu-ibu PKK", source="fgd")


def test_tracking_codes_are_readable_and_unique(db):
    codes = {aspiration_create(title=f"A{i}", description="x", source="fgd").tracking_code for i in range(50)}
    assert len(codes) == 50
    pattern = re.compile(rf"^ASP-[{TRACKING_ALPHABET}]{{4}}-[{TRACKING_ALPHABET}]{{4}}$")
    assert all(pattern.match(code) for code in codes)
    assert not any(ch in code[4:] for code in codes for ch in "01OIL")


def test_typed_codes_are_normalised():
    assert normalise_tracking_code(" asp 7k3q xm2p ") == "ASP-7K3Q-XM2P"
    assert normalise_tracking_code("7K3QXM2P") == "ASP-7K3Q-XM2P"
    assert normalise_tracking_code("ASP-7K3Q") == ""
    assert normalise_tracking_code("ASP-0000-IIII") == ""


def test_a_new_aspiration_is_received_with_history(aspiration):
    assert aspiration.status == Status.RECEIVED
    assert list(aspiration.status_changes.values_list("from_status", "to_status")) == [("", "received")]


def test_valid_transitions_are_recorded(aspiration, officer):
    aspiration_transition(aspiration=aspiration, to_status=Status.UNDER_REVIEW, by=officer)
    aspiration_transition(aspiration=aspiration, to_status=Status.ACCEPTED, by=officer, private_note="fits ring 1")
    aspiration.refresh_from_db()
    assert aspiration.status == Status.ACCEPTED
    last = aspiration.status_changes.last()
    assert (last.from_status, last.to_status, last.changed_by, last.private_note) == (
        "under_review",
        "accepted",
        officer,
        "fits ring 1",
    )


def test_invalid_transitions_are_refused_with_a_clear_message(aspiration):
    with pytest.raises(TransitionError, match="tidak dapat menjadi|cannot become"):
        aspiration_transition(aspiration=aspiration, to_status=Status.DONE)
    assert aspiration.status_changes.count() == 1


def test_declining_needs_a_public_reason(aspiration):
    with pytest.raises(TransitionError):
        aspiration_transition(aspiration=aspiration, to_status=Status.DECLINED, public_note="  ")
    aspiration_transition(aspiration=aspiration, to_status=Status.DECLINED, public_note="Di luar wilayah operasi")
    aspiration.refresh_from_db()
    assert aspiration.status == Status.DECLINED
