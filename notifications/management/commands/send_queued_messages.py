from django.core.management.base import BaseCommand

from notifications.services import SEND_BATCH, messages_send_queued


class Command(BaseCommand):
    help = (
        "Sends the queued messages from this process, a batch at a time over one connection per batch "
        "(what the sender tasks do), until none is due. For cron without a worker, and for tests."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch", type=int, default=SEND_BATCH, help="messages claimed and sent per connection")
        parser.add_argument("--seconds", type=float, default=3600.0, help="stop after this long")

    def handle(self, *args, **options) -> None:
        totals = messages_send_queued(seconds=options["seconds"], size=options["batch"])
        self.stdout.write(f"{totals['sent']} sent, {totals['failed']} failed in {totals['batches']} batch(es).")
