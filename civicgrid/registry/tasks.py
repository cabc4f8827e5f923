"""The register's periodic work: staged imports nobody confirmed are removed (they hold personal
data in clear, in the local files or the object store)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from .import_views import STAGED


@shared_task(name="registry.forget_staged_imports")
def forget_staged_imports(now: dt.datetime | None = None) -> int:
    """Delete the uploads and error reports staged longer than CIVICGRID_IMPORT_STAGED_HOURS."""
    now = now or timezone.now()
    before = now - dt.timedelta(hours=settings.CIVICGRID_IMPORT_STAGED_HOURS)
    try:
        _dirs, files = default_storage.listdir(STAGED)  # an object store: no such "folder", none
    except FileNotFoundError:  # local files: the folder is made by the first import
        return 0
    gone = 0
    for name in files:
        path = f"{STAGED}/{name}"
        if default_storage.get_modified_time(path) < before:
            default_storage.delete(path)
            gone += 1
    return gone
