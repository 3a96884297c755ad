from django.db import models

from moderation.models import MemberText


class SampleText(MemberText):
    title = models.CharField(max_length=100, blank=True)
    status_changes = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.title or f"texte {self.pk}"

    def get_absolute_url(self):
        return f"/exemples/{self.pk}/"

    @staticmethod
    def touch(text):
        """Counts the status_changed callbacks, so tests see moderation call it."""
        type(text).objects.filter(pk=text.pk).update(status_changes=models.F("status_changes") + 1)
