"""Production: every secret comes from the environment, or the site does not start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DATABASE_URL, EMAIL_HOST, SECRET_KEY

DEBUG = False

_missing = [
    name
    for name, value in (
        ("DJANGO_SECRET_KEY", SECRET_KEY),
        ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS),
        ("DATABASE_URL", DATABASE_URL),
        ("DJANGO_EMAIL_HOST", EMAIL_HOST),
    )
    if not value
]
if _missing:
    raise ImproperlyConfigured(
        "Billetnet cannot start in production: set the environment variable(s) "
        + ", ".join(_missing)
        + " (see the configuration table in README.md)."
    )
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too short: use at least 50 random characters "
        '(python -c "import secrets; print(secrets.token_urlsafe(64))").'
    )
