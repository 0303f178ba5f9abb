"""Issue 11 item 6: notes the system writes are events worded in the reader's language; the notes
written as text before are turned into events by a migration."""

import importlib

import pytest
from django.utils import translation

from fgd.models import AspirationStatusChange, note_text
from fgd.services.aspirations import aspiration_create, aspiration_merge

Note = AspirationStatusChange.Note
migration = importlib.import_module("fgd.migrations.0010_generated_notes_as_events")


@pytest.mark.django_db
def test_a_merge_note_is_stored_as_an_event_and_worded_per_language(officer):
    main = aspiration_create(title="Air bersih Margasari", description="-", source="fgd")
    duplicate = aspiration_create(title="Air bersih RT 3", description="-", source="public_form")
    change = aspiration_merge(duplicate=duplicate, into=main, by=officer)
    assert (change.public_note, change.note_kind, change.note_data) == (
        "",
        Note.MERGED_INTO,
        {"code": main.tracking_code},
    )
    with translation.override("en"):
        assert (
            change.public_text
            == f"Merged with the similar aspiration {main.tracking_code}: your code now follows that one."
        )
    with translation.override("id"):
        assert change.public_text.startswith(f"Digabungkan dengan aspirasi serupa {main.tracking_code}")
    typed = aspiration_merge(
        duplicate=aspiration_create(title="Air", description="-"), into=main, by=officer, public_note="Sama."
    )
    assert (typed.note_kind, typed.public_text) == ("", "Sama.")


@pytest.mark.parametrize(
    ("text", "kind", "data"),
    [
        ("Direncanakan dalam program Bank Sampah (rencana kerja 2025).", Note.PLANNED_IN_PROGRAM,
         {"programs": ["Bank Sampah"], "year": 2025}),
        ("Planned in program Air (Bersih) (work plan 2024).", Note.PLANNED_IN_PROGRAM,
         {"programs": ["Air (Bersih)"], "year": 2024}),
        ("Tidak lagi direncanakan dalam program Bank Sampah.", Note.UNLINKED_FROM_PROGRAM,
         {"programs": ["Bank Sampah"]}),
        ("Tidak lagi direncanakan dalam Rencana Kerja 2025 v2.", Note.NO_LONGER_PLANNED,
         {"plan": "Rencana Kerja 2025 v2"}),
        ("Digabungkan dengan aspirasi serupa ASP-ABCD-EFGH: kode Anda kini mengikuti aspirasi tersebut.",
         Note.MERGED_INTO, {"code": "ASP-ABCD-EFGH"}),
    ],
)  # fmt: skip
def test_the_migration_turns_old_generated_notes_into_events(text, kind, data):
    assert migration.parse(text) == (kind, data)
    with translation.override("en"):
        assert note_text(kind, data)  # every migrated note can be worded again


def test_the_migration_leaves_notes_staff_typed():
    assert migration.parse("Masuk rencana 2025.") is None
    assert migration.parse("Di luar wilayah operasi") is None


def test_monitoring_notes_are_worded_per_language_with_grouped_numbers():
    data = {"program": "Sabut Kelapa", "delivered": ["Pelatihan", "Pameran"], "reached": 1301, "kind": "perajin"}
    with translation.override("en"):
        assert note_text(Note.PROGRAM_DONE, data) == (
            "The program “Sabut Kelapa” is done. Delivered: Pelatihan, Pameran. Beneficiaries reached: 1,301 perajin."
        )
        assert note_text(Note.PROGRAM_STARTED, {"program": "Sabut Kelapa"}) == "The program “Sabut Kelapa” has started."
    with translation.override("id"):
        assert note_text(Note.PROGRAM_DONE, data).endswith("Penerima manfaat terjangkau: 1.301 perajin.")
