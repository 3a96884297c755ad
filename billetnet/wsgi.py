"""WSGI entry point for gunicorn: `gunicorn billetnet.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "billetnet.settings.production")

application = get_wsgi_application()
