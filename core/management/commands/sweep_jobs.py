from django.core.management.base import BaseCommand

from core.jobs import sweep_all


class Command(BaseCommand):
    help = (
        "Re-publishes background jobs nobody took (the queue was down), re-queues jobs whose worker died, "
        "fails those past their attempts. Safe to run from cron every minute, beside or instead of celery beat."
    )

    def handle(self, *args, **options) -> None:
        for label, counts in sweep_all().items():
            self.stdout.write(
                f"{label}: {counts['republished']} republished, {counts['requeued']} requeued, "
                f"{counts['failed']} failed."
            )
