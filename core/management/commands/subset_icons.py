from django.core.management.base import BaseCommand

from core.icons import SUBSET_CSS, SUBSET_FONT, write_subset


class Command(BaseCommand):
    help = "Cut the Bootstrap Icons font down to the icons the code uses (commit the two files it writes)."

    def handle(self, *args, **options):
        icons, size = write_subset()
        self.stdout.write(f"{icons} icons, {size:,} bytes: {SUBSET_FONT.name}, {SUBSET_CSS.name}")
