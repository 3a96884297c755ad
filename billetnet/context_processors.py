"""Site-wide template context: kept tiny, it runs on every page."""

from django.conf import settings

from .consent import consent_from_request


def site(request):
    return {
        "site_url": settings.SITE_URL,
        "cookie_consent": consent_from_request(request),
    }
