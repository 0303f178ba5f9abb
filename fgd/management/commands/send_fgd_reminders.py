from django.core.management.base import BaseCommand

from fgd.services.sessions import fgd_reminders_send


class Command(BaseCommand):
    help = (
        "Queues the reminder of every FGD held tomorrow (WITA) to each invitee who was sent an invitation and "
        "has not declined. Each invitation gets one reminder however often this runs: safe from an hourly cron."
    )

    def handle(self, *args, **options) -> None:
        reminded = fgd_reminders_send()
        self.stdout.write(f"{reminded} reminder(s) queued.")
