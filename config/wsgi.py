"""WSGI entry point for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# the URL map, its reverse index and the first pages' templates, before the first request
from civicgrid.web.warm import warm  # noqa: E402

warm()
