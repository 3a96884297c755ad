from django.apps import AppConfig


class BilletnetConfig(AppConfig):
    """The project itself: site-wide pages, the contact form, PostgreSQL set-up."""

    name = "billetnet"
    verbose_name = "Billetnet"
