from django.core.management.base import BaseCommand

from reports.services import report_jobs_sweep


class Command(BaseCommand):
    help = "The report part of `manage.py sweep_jobs` (kept for existing cron lines). Safe to run from cron."

    def handle(self, *args, **options) -> None:
        counts = report_jobs_sweep()
        self.stdout.write(
            f"{counts['failed']} report job(s) marked failed. {counts['requeued']} queued again after their "
            f"worker died, {counts['republished']} sent to the queue again."
        )
