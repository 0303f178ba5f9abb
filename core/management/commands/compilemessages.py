"""compilemessages with polib, so that a machine with only Python can run the product."""

from django.core.management.base import BaseCommand

from core.i18n import catalogue_paths, compile_catalogue


class Command(BaseCommand):
    help = "Compile every .po catalogue of the project to .mo (pure Python, no GNU gettext needed)."

    def add_arguments(self, parser):
        # Accepted for compatibility with Django's command; every catalogue is compiled.
        parser.add_argument("--locale", "-l", action="append", default=[])
        parser.add_argument("--ignore", "-i", action="append", default=[])

    def handle(self, *args, **options):
        paths = catalogue_paths()
        for po_path in paths:
            compile_catalogue(po_path)
        self.stdout.write(f"Compiled {len(paths)} catalogues.")
