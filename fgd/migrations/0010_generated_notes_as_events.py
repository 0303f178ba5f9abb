"""Public notes the system wrote as text (in whichever language the officer used) become events with
their data, worded in each reader's language when shown (issue 11 item 6).

Frozen: the sentences below are the ones earlier code wrote, in English and in Indonesian; a note
matching none of them (typed by staff) is left as it is.
"""

import re

from django.db import migrations

PROGRAM = r"(?P<program>.+)"
PATTERNS = [
    # (kind, pattern over the whole note)
    ("planned_in_program", rf"Planned in program {PROGRAM} \(work plan (?P<year>\d{{4}})\)\."),
    ("planned_in_program", rf"Direncanakan dalam program {PROGRAM} \(rencana kerja (?P<year>\d{{4}})\)\."),
    ("unlinked_from_program", rf"No longer planned in program {PROGRAM}\."),
    ("unlinked_from_program", rf"Tidak lagi direncanakan dalam program {PROGRAM}\."),
    ("no_longer_planned", r"No longer planned in (?P<plan>.+)\."),
    ("no_longer_planned", r"Tidak lagi direncanakan dalam (?P<plan>.+)\."),
    ("merged_into", r"Merged with the similar aspiration (?P<code>ASP-\w{4}-\w{4}): your code now follows that one\."),
    ("merged_into", r"Digabungkan dengan aspirasi serupa (?P<code>ASP-\w{4}-\w{4}): kode Anda kini mengikuti aspirasi tersebut\."),
]
COMPILED = [(kind, re.compile(pattern, re.DOTALL)) for kind, pattern in PATTERNS]


def parse(note: str):
    for kind, pattern in COMPILED:
        match = pattern.fullmatch(note.strip())
        if match:
            data = match.groupdict()
            if "program" in data:
                data["programs"] = [data.pop("program")]
            if "year" in data:
                data["year"] = int(data["year"])
            return kind, data
    return None


def forwards(apps, schema_editor):
    Change = apps.get_model("fgd", "AspirationStatusChange")
    rows = Change.objects.filter(note_kind="").exclude(public_note="").only("pk", "public_note")
    updated = []
    for change in rows.iterator(chunk_size=2000):
        parsed = parse(change.public_note)
        if parsed:
            change.note_kind, change.note_data = parsed
            change.public_note = ""
            updated.append(change)
        if len(updated) >= 2000:
            Change.objects.bulk_update(updated, ["note_kind", "note_data", "public_note"])
            updated = []
    Change.objects.bulk_update(updated, ["note_kind", "note_data", "public_note"])


def backwards(apps, schema_editor):
    """Writes the Indonesian sentence back (the product's first language)."""
    Change = apps.get_model("fgd", "AspirationStatusChange")
    for change in Change.objects.exclude(note_kind="").iterator(chunk_size=2000):
        data = change.note_data
        program = ", ".join(data.get("programs", []))
        text = {
            "planned_in_program": f"Direncanakan dalam program {program} (rencana kerja {data.get('year')}).",
            "unlinked_from_program": f"Tidak lagi direncanakan dalam program {program}.",
            "no_longer_planned": f"Tidak lagi direncanakan dalam {data.get('plan', '')}.",
            "merged_into": f"Digabungkan dengan aspirasi serupa {data.get('code')}: kode Anda kini mengikuti aspirasi tersebut.",
        }[change.note_kind]
        Change.objects.filter(pk=change.pk).update(public_note=text, note_kind="", note_data={})


class Migration(migrations.Migration):
    dependencies = [("fgd", "0009_status_change_generated_notes")]

    operations = [migrations.RunPython(forwards, backwards)]
