"""The public tracking page names the programs an aspiration went into (fgd's page, programs' data)."""

import pytest

from fgd.models import Aspiration
from fgd.selectors.aspirations import aspiration_public_status
from fgd.services.aspirations import aspiration_create, aspiration_merge, aspiration_transition
from programs import services

from .factories import ProgramFactory

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


def test_the_duplicates_submitter_follows_the_main_one_with_their_own_code(client, fgd_items, officer, manager):
    main = fgd_items["coir"]
    dup = create(
        "Tolong bantu pemasaran sabut kelapa",
        source="public_form",
        submitter_name="Rahmat Hidayat",
        submitter_phone="081377778888",
    )
    aspiration_merge(duplicate=dup, into=main, by=officer)
    aspiration_transition(aspiration=main, to_status=Status.ACCEPTED, by=officer, public_note="Masuk rencana 2025.")
    program = ProgramFactory(name="Pemasaran Produk Sabut Kelapa KIM", with_activity=10)
    services.program_link_aspiration(program=program, aspiration=main, by=officer)
    assert aspiration_public_status(tracking_code=dup.tracking_code).main.programs == []  # a draft's program
    services.plan_submit(plan=program.plan, by=officer)
    services.plan_approve(plan=program.plan, by=manager)

    status = aspiration_public_status(tracking_code=dup.tracking_code)
    assert status.status == Status.MERGED and status.main.status == Status.PLANNED
    assert status.main.programs == ["Pemasaran Produk Sabut Kelapa KIM"] and status.main.supporters == 2

    html = client.get(f"/aspirations/track/{dup.tracking_code}/").content.decode()
    assert 'data-testid="merged-notice"' in html and main.tracking_code in html
    assert "Masuk rencana 2025." in html and "Pemasaran Produk Sabut Kelapa KIM" in html
    assert "Rahmat" not in html and "081377778888" not in html
