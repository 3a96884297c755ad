import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from events.services import booking_clicks_rollup, events_popularity_refresh


class Command(BaseCommand):
    help = (
        "Count the « Réserver » clicks of the last days into the daily roll-up that the "
        "advertisers' dashboards read, and refresh each event's popularity. Idempotent; run "
        "it every night (cron) — `make run` runs it at start-up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=2, help="How many days back (default 2).")

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        rows = booking_clicks_rollup(
            first_day=today - datetime.timedelta(days=max(days, 1) - 1), last_day=today
        )
        popular = events_popularity_refresh()
        if options["verbosity"]:
            self.stdout.write(
                f"Roll-up: {rows} daily rows; popularity changed for {popular} events."
            )
