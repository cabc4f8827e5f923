"""The client address: the peer without proxies, the proxies' own entry behind them."""

from django.test import RequestFactory

from civicgrid.core.client import client_address

rf = RequestFactory()


def test_without_a_proxy_forwarded_headers_are_ignored(settings):
    settings.CIVICGRID_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_address(request) == "192.0.2.7"


def test_behind_proxies_the_entry_they_appended_counts(settings):
    settings.CIVICGRID_PROXY_COUNT = 2
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9, 10.0.0.1"
    )
    assert client_address(request) == "198.51.100.9"
    # a chain shorter than the proxies: the peer
    short = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(short) == "10.0.0.2"


def test_garbage_is_no_address(settings):
    settings.CIVICGRID_PROXY_COUNT = 1
    assert client_address(rf.get("/", HTTP_X_FORWARDED_FOR="not-an-ip")) is None
    assert client_address(None) is None
