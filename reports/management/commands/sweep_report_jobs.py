from django.core.management.base import BaseCommand

from reports.services import report_jobs_sweep


class Command(BaseCommand):
    help = "Fails report jobs left running past the Celery hard time limit (their worker died). Safe to run from cron."

    def handle(self, *args, **options) -> None:
        swept = report_jobs_sweep()
        self.stdout.write(f"{swept} report job(s) marked failed.")
