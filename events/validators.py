from urllib.parse import urlsplit

from django.core.exceptions import ValidationError


def validate_https_url(value: str) -> None:
    """Booking links must be https: spectators pay there (FAQ 12)."""
    parts = urlsplit(value or "")
    if parts.scheme != "https" or not parts.netloc:
        raise ValidationError(
            "L'adresse de la billetterie doit être une adresse sécurisée commençant par https://.",
            code="not_https",
        )
