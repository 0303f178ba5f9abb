"""Django's makemessages, routing each app's strings to the app's own catalogue.

Strings in `templates/<app>/` belong to `<app>/locale/`; the English catalogue is then
filled from the source text (see core/i18n.py). Run as `make messages`.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages

from core.i18n import catalogue_paths, fill_source_language, normalise_header


class Command(makemessages.Command):
    msgmerge_options = ["-q", "--backup=none", "--update", "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["no_location"] = True
        options["no_obsolete"] = True
        options["ignore_patterns"] = [
            *options.get("ignore_patterns", []),
            ".venv/*",
            "var/*",
            "node_modules/*",
        ]
        if not options.get("locale") and not options.get("all"):
            options["locale"] = [code for code, _ in settings.LANGUAGES]
        super().handle(*args, **options)
        for po_path in catalogue_paths():
            normalise_header(po_path)
            if po_path.parts[-3] == "en":
                fill_source_language(po_path)

    def find_files(self, root):
        files = super().find_files(root)
        templates_dir = Path(settings.BASE_DIR, "templates").resolve()
        for translatable in files:
            dirpath = Path(translatable.dirpath).resolve()
            if templates_dir in dirpath.parents:
                app_locale = Path(
                    settings.BASE_DIR,
                    dirpath.relative_to(templates_dir).parts[0],
                    "locale",
                )
                if app_locale.is_dir():
                    translatable.locale_dir = str(app_locale)
        return files
