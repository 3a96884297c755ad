from django.db import models


class ContactMessage(models.Model):
    """A message sent through the contact form: stored first, then mailed to its service."""

    class Service(models.TextChoices):
        GENERAL = "general", "Question générale"
        ANNONCEURS = "annonceurs", "Annonceurs : publier ou gérer un événement"
        DONNEES = "donnees", "Données personnelles (service modifications)"
        MODERATION = "moderation", "Modération : signaler un contenu"

    service = models.CharField("service", max_length=20, choices=Service.choices)
    name = models.CharField("nom", max_length=100)
    email = models.EmailField("adresse e-mail")
    subject = models.CharField("objet", max_length=150)
    body = models.TextField("message")
    created_at = models.DateTimeField("reçu le", auto_now_add=True)
    mailed_at = models.DateTimeField(
        "transmis le",
        null=True,
        blank=True,
        help_text="Vide si l'envoi au service a échoué : le message reste lisible ici.",
    )

    class Meta:
        verbose_name = "message de contact"
        verbose_name_plural = "messages de contact"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_service_display()} — {self.subject}"
