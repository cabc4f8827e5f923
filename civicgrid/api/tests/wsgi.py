"""Calling the WSGI application directly from a test (schemathesis does), in its transaction."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def keep_connection():
    """Schemathesis calls the WSGI app directly, which would close the database connection at
    the end of each request (and with it the test's transaction); Django's test client
    disconnects the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
