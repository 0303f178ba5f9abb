"""Demo users and the scenario's demo data. Idempotent: `make run` calls it every time."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.access import Role
from demo.fgd import seed_demo_data as seed_fgd
from demo.monitoring import seed_demo_data as seed_monitoring
from demo.programs import seed_demo_data as seed_programs
from demo.stakeholders import seed_demo_data as seed_stakeholders

DEMO_USERS = [
    ("admin", Role.ADMINISTRATOR, "Admin", "Sistem"),
    ("manager", Role.MANAGER, "Dodi", "Yapsenang"),
    ("officer", Role.OFFICER, "Rina", "Kartikasari"),
    ("viewer", Role.VIEWER, "Bayu", "Pratama"),
]


class Command(BaseCommand):
    help = "Create the demo users (admin, manager, officer, viewer) and the scenario's demo data."

    def add_arguments(self, parser):
        parser.add_argument("--no-data", action="store_true", help="Only the demo users.")

    def handle(self, *args, no_data=False, **options):
        if not settings.DEBUG:
            raise CommandError("Refusing to create demo users with DEBUG off: they have a known password.")
        with transaction.atomic():
            for username, role, first, last in DEMO_USERS:
                _ensure_user(username, role, first, last, settings.DEMO_PASSWORD)
            if not no_data:
                seed_stakeholders(stdout=self.stdout)
                seed_fgd(stdout=self.stdout)
                seed_programs(stdout=self.stdout)
                seed_monitoring(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo users (password: {settings.DEMO_PASSWORD}):"))
        for username, role, _first, _last in DEMO_USERS:
            self.stdout.write(f"  {username:<8} {role.label}")


def _ensure_user(username: str, role: Role, first: str, last: str, password: str) -> None:
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
    user.set_password(password)
    user.email = f"{username}@csrplan.example"
    user.is_staff = user.is_superuser = role == Role.ADMINISTRATOR
    user.save()
    user.groups.set([Group.objects.get(name=role.group_name)])
