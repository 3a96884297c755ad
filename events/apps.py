from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Catalogue des événements"

    def ready(self):
        from . import signals

        signals.connect()
