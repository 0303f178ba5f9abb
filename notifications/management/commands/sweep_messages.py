from django.core.management.base import BaseCommand

from notifications.services import messages_sweep


class Command(BaseCommand):
    help = (
        "Sends queued messages the broker did not deliver (or whose retry is due) from this process, and fails "
        "messages whose worker died mid-send. Safe to run from cron, also while the broker is down."
    )

    def handle(self, *args, **options) -> None:
        result = messages_sweep()
        self.stdout.write(
            f"{result['due']} message(s) due, {result['sent']} sent, {result['interrupted']} interrupted marked failed."
        )
