"""Settings shared by every environment.

Every environment variable the project reads is read here, and nowhere else.
The defaults are the safe ones (secure cookies, HTTPS redirect, HSTS): dev.py
and test.py relax them, production.py refuses to start without its secrets.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value and value.strip() else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# How many reverse proxies (load balancer…) stand before the app: the visitor's address
# is then read from X-Forwarded-For (rate limits, unique clicks). 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("BILLETNET_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
SITE_URL = env_str("BILLETNET_SITE_URL", "https://www.billetnet.fr").rstrip("/")

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "taggit",
    "csp",
]
LOCAL_APPS = [
    "accounts",
    "billetnet",
    "events",
    "moderation",
    "reviews",
    "forum",
    "blogs",
    "newsletters",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "billetnet.consent.CookieConsentMiddleware",
]

ROOT_URLCONF = "billetnet.urls"
WSGI_APPLICATION = "billetnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "billetnet.context_processors.site",
            ],
        },
    },
]

# --- Database and cache -------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or "postgres://postgres@127.0.0.1:5432/billetnet",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A web request's queries are short: PostgreSQL's JIT compiler, which kicks in on the
# large estimates of catalogue-wide searches, cost more than it saved (docs/performance.md).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# The hottest statements (a « Réserver » click) run prepared (billetnet/db.py). psycopg
# prepares only when the connection has a threshold; with this one, never on its own,
# only the statements sent through billetnet.db.prepared_cursor(), which always asks.
if env_bool("DJANGO_DB_PREPARED_STATEMENTS", True):
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 2**31 - 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
# Per process, no round trip: what nearly every page repeats and only a deploy or a new
# catalogue version changes (the site's header and footer, the rubriques). Its keys
# carry the catalogue version where the content depends on it.
LOCAL_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "billetnet-local",
}
if REDIS_URL:
    # Sessions are read from the shared cache and written through to the database: a
    # member's page does not wait on PostgreSQL, and a cache flush loses none. (Without
    # a shared cache, each worker would keep its own copy: plain database sessions.)
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CACHES = {
        "default": {
            "BACKEND": "billetnet.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "billetnet",
        },
        "local": LOCAL_CACHE,
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "billetnet",
        },
        "local": LOCAL_CACHE,
    }

# --- Accounts -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:espace"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Billetnet] "
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's rate limits (login, signup, password reset…) stay at their defaults.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

# --- Internationalisation --------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Static and media files -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str(
    "DJANGO_DEFAULT_FROM_EMAIL", "Billetnet <ne-pas-repondre@billetnet.fr>"
)
SERVER_EMAIL = env_str("DJANGO_SERVER_EMAIL", "Billetnet <serveur@billetnet.fr>")

# Where the contact form sends each service's messages (FAQ 10 and 18).
CONTACT_EMAILS = {
    "general": env_str("BILLETNET_CONTACT_GENERAL", "contact@billetnet.fr"),
    "annonceurs": env_str("BILLETNET_CONTACT_ANNONCEURS", "annonceurs@billetnet.fr"),
    "donnees": env_str("BILLETNET_CONTACT_DONNEES", "modifications@billetnet.fr"),
    "moderation": env_str("BILLETNET_CONTACT_MODERATION", "moderation@billetnet.fr"),
}
# Contact form: at most this many messages per visitor per hour.
CONTACT_RATE_LIMIT_PER_HOUR = env_int("BILLETNET_CONTACT_RATE_LIMIT", 5)

# --- Member texts and moderation (moderation/) ----------------------------------------
# A text is masked, until a moderator decides, once this many members have reported it.
MODERATION_REPORT_THRESHOLD = env_int("BILLETNET_REPORT_THRESHOLD", 3)
MEMBER_TEXT_MAX_LENGTH = env_int("BILLETNET_TEXT_MAX_LENGTH", 10_000)
MEMBER_TEXT_MAX_LINKS = env_int("BILLETNET_TEXT_MAX_LINKS", 3)
# Per member, per hour: new texts (reviews, posts, comments) and reports.
MEMBER_POSTS_PER_HOUR = env_int("BILLETNET_POSTS_PER_HOUR", 20)
MEMBER_REPORTS_PER_HOUR = env_int("BILLETNET_REPORTS_PER_HOUR", 20)
# Reviews (reviews/): an event that receives, within REVIEW_BURST_WINDOW_HOURS, this many
# notes from accounts younger than REVIEW_BURST_NEWCOMER_DAYS, or this many notes at all,
# is flagged in the moderation queue.
REVIEW_BURST_WINDOW_HOURS = env_int("BILLETNET_REVIEW_BURST_WINDOW_HOURS", 24)
REVIEW_BURST_NEWCOMER_DAYS = env_int("BILLETNET_REVIEW_BURST_NEWCOMER_DAYS", 7)
REVIEW_BURST_NEWCOMERS = env_int("BILLETNET_REVIEW_BURST_NEWCOMERS", 5)
REVIEW_BURST_TOTAL = env_int("BILLETNET_REVIEW_BURST_TOTAL", 30)

# --- Security ---------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "billetnet.views.csrf_failure"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# How long the catalogue pages' content stays cached (it is also retired as soon
# as the catalogue changes). 0 turns the page cache off, for benchmarks.
PAGE_CACHE_SECONDS = env_int("BILLETNET_PAGE_CACHE_SECONDS", 600)

# « Réserver » (events.views.book): commit each click without waiting for its WAL record
# to reach the disk (PostgreSQL's asynchronous commit, for this statement alone). A click
# is a statistic: the visitor is on their way to the ticketing whatever happens to it,
# and only a crash of PostgreSQL itself could lose the last fraction of a second of
# clicks, never write half of one. Waiting for the disk cost a quarter of the redirect's
# throughput (docs/performance.md); `false` waits all the same.
BOOKING_CLICK_ASYNC_COMMIT = env_bool("BILLETNET_BOOKING_CLICK_ASYNC_COMMIT", True)

# Cookie consent (billetnet/consent.py): how long a choice is remembered.
COOKIE_CONSENT_MAX_AGE = 182 * 24 * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
