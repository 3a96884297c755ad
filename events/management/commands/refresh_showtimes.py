from django.core.management.base import BaseCommand

from events.services import events_next_showtime_refresh, search_horizon_refresh


class Command(BaseCommand):
    help = (
        "Move each event's next showtime on once it has started, then the search's horizon "
        "(the events that play soon). Run it every few minutes (cron or a systemd timer); "
        "`make run` runs it at start-up."
    )

    def handle(self, *args, **options):
        updated = events_next_showtime_refresh()
        crossed = search_horizon_refresh()
        if options["verbosity"]:
            self.stdout.write(f"{updated} event(s) moved on to their next showtime.")
            self.stdout.write(f"{crossed} event(s) crossed the search's horizon.")
