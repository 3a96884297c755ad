from django.apps import AppConfig


class SampleConfig(AppConfig):
    """A member text of the tests' own, so that moderation is tested on its own terms,
    whatever the apps that use it (installed by settings/test.py only)."""

    name = "moderation.tests.sample"
    label = "moderation_sample"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from moderation import registry

        from .models import SampleText

        registry.member_text_register(
            SampleText, slug="exemple", label="texte d'exemple", status_changed=SampleText.touch
        )
        registry.moderator_permissions_register("moderation_sample.view_sampletext")
