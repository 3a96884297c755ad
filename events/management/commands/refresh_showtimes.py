from django.core.management.base import BaseCommand

from events.services import events_next_showtime_refresh


class Command(BaseCommand):
    help = (
        "Move each event's next showtime on once it has started. Run it every few minutes "
        "(cron or a systemd timer); `make run` runs it at start-up."
    )

    def handle(self, *args, **options):
        updated = events_next_showtime_refresh()
        if options["verbosity"]:
            self.stdout.write(f"{updated} event(s) moved on to their next showtime.")
