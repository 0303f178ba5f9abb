"""Translation catalogues without GNU gettext at run time.

Each app keeps its own catalogue in `<app>/locale/`, holding the strings of its Python code
and of its templates in `templates/<app>/`; the project-wide templates and the apps without a
catalogue of their own (core, dashboard, demo) use `locale/`. Source strings are English; the
`en` catalogue is filled with the source text so that both catalogues are complete, the
`id` one is translated by people.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def is_english(language: str | None = None) -> bool:
    """Whether to write for English readers: the language given, else the active one.

    The one test for it: Indonesian is the default, so no active language (a worker, a
    management command) means Indonesian, and "en-us" counts as English.
    """
    return (language or get_language() or "id").lower().startswith("en")


def catalogue_paths(base_dir: Path | None = None) -> list[Path]:
    base_dir = base_dir or Path(settings.BASE_DIR)
    return sorted(p for p in base_dir.glob("*/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts) + sorted(
        (base_dir / "locale").glob("*/LC_MESSAGES/django.po")
    )


def fill_source_language(po_path: Path) -> int:
    """English is the source language: copy each msgid into an empty msgstr."""
    catalogue = polib.pofile(str(po_path))
    filled = 0
    for entry in catalogue:
        if entry.obsolete or entry.translated():
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    catalogue.save()
    return filled


def normalise_header(po_path: Path) -> None:
    """A stable header: no creation date (it would change on every run and cause conflicts)."""
    catalogue = polib.pofile(str(po_path))
    language = po_path.parts[-3]
    catalogue.metadata.pop("POT-Creation-Date", None)
    catalogue.metadata["Project-Id-Version"] = "csrplan"
    catalogue.metadata["Language"] = language
    catalogue.metadata["PO-Revision-Date"] = "2026-01-01 00:00+0800"
    catalogue.metadata["Last-Translator"] = "csrplan team"
    catalogue.metadata["Language-Team"] = language
    catalogue.metadata["Plural-Forms"] = "nplurals=1; plural=0;" if language == "id" else "nplurals=2; plural=(n != 1);"
    catalogue.metadata_is_fuzzy = False
    catalogue.header = "Translations of csrplan."
    catalogue.save()


def translate(po_path: Path, translations: dict[str, str | list[str]]) -> int:
    """Fill msgstr of the given msgids (a list for plural entries); returns how many were set."""
    catalogue = polib.pofile(str(po_path))
    count = 0
    for entry in catalogue:
        if entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            forms = value if isinstance(value, list) else [value]
            entry.msgstr_plural = dict(enumerate(forms))
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        count += 1
    catalogue.save()
    return count


def untranslated_entries(po_path: Path) -> list[str]:
    catalogue = polib.pofile(str(po_path))
    return [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]


def compile_catalogue(po_path: Path) -> Path:
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path
