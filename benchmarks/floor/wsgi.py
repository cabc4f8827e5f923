"""gunicorn ``benchmarks.floor.wsgi:application``: the product's WSGI application, on
config.settings, with one change: the URL map also holds the floors (urls.py). Everything else —
middleware, database settings, the warm-up before the first request — is config.wsgi's."""

import os

os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

from django.conf import settings

settings.ROOT_URLCONF = "benchmarks.floor.urls"

from config.wsgi import application  # noqa: E402

__all__ = ["application"]
