"""Cookie consent (CNIL rules): only strictly necessary cookies until the visitor agrees.

The visitor's choice lives in one cookie, itself strictly necessary. The middleware
is the enforcement: any cookie a response sets that is neither essential nor
covered by the visitor's consent is dropped before it leaves the server, so a
feature cannot set a tracking cookie by forgetting to ask.
"""

import logging
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

CONSENT_COOKIE = "billetnet_consentement"
CONSENT_VERSION = "1"


@dataclass(frozen=True)
class Purpose:
    label: str
    description: str


# The purposes a visitor can accept one by one (« Personnaliser »).
CATEGORIES = {
    "mesure_audience": Purpose(
        "Mesure d'audience", "Savoir quelles pages sont consultées, sans publicité."
    ),
    "personnalisation": Purpose(
        "Personnalisation", "Se souvenir de vos dernières recherches et de votre ville."
    ),
}

# Non-essential cookies the site may set, with the purpose each one serves.
# None yet: a feature that needs one registers it here.
OPTIONAL_COOKIES: dict[str, str] = {}


def essential_cookies() -> set[str]:
    return {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        getattr(settings, "MESSAGES_COOKIE_NAME", "messages"),
        CONSENT_COOKIE,
    }


@dataclass(frozen=True)
class Consent:
    given: bool
    accepted: frozenset[str]

    def allows(self, category: str) -> bool:
        return category in self.accepted

    def cookie_value(self) -> str:
        return f"{CONSENT_VERSION}:{','.join(sorted(self.accepted))}"

    @classmethod
    def parse(cls, raw: str | None) -> "Consent":
        if not raw or ":" not in raw:
            return NO_CHOICE
        version, _, accepted = raw.partition(":")
        if version != CONSENT_VERSION:  # the purposes changed: ask again
            return NO_CHOICE
        names = frozenset(name for name in accepted.split(",") if name in CATEGORIES)
        return cls(given=True, accepted=names)


NO_CHOICE = Consent(given=False, accepted=frozenset())


def consent_from_request(request) -> Consent:
    if not hasattr(request, "_cookie_consent"):
        request._cookie_consent = Consent.parse(request.COOKIES.get(CONSENT_COOKIE))
    return request._cookie_consent


def consent_set(response, *, accepted: set[str]) -> Consent:
    """Remember the visitor's choice on the response for six months."""
    consent = Consent(given=True, accepted=frozenset(accepted) & frozenset(CATEGORIES))
    response.set_cookie(
        CONSENT_COOKIE,
        consent.cookie_value(),
        max_age=settings.COOKIE_CONSENT_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return consent


class CookieConsentMiddleware:
    """Drop every non-essential cookie the visitor has not agreed to."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.cookies:
            return response
        consent = getattr(request, "_cookie_consent_updated", None) or consent_from_request(request)
        essential = essential_cookies()
        for name in list(response.cookies):
            if name in essential:
                continue
            category = OPTIONAL_COOKIES.get(name)
            if category is None:
                logger.warning("Cookie %r is not registered in billetnet.consent; dropped.", name)
            if category is None or not consent.allows(category):
                del response.cookies[name]
        return response
