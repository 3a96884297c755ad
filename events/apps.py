from django.apps import AppConfig

from moderation import registry


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Catalogue des événements"

    def ready(self):
        from . import signals

        signals.connect()
        # Moderators handle the queue of unverified advertisers' events.
        registry.moderator_permissions_register(
            "events.view_pendingevent", "events.moderate_pendingevent"
        )
