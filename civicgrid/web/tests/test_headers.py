"""Security headers: the Content Security Policy on every page, HTTPS settings driven by the
environment (``check --deploy`` clean in production), Secure cookies over HTTPS."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from config.settings import _tile_source

ROOT = Path(__file__).resolve().parents[3]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/login/", "/portal/", "/admin/login/", "/api/v1/docs", "/healthz", "/no-such-page/"]
)
def test_the_policy_is_sent_and_allows_no_inline_script(client, url):
    got = policy(client.get(url))
    assert got["script-src"] == ["'self'"]
    assert got["default-src"] == ["'self'"]
    assert got["object-src"] == ["'none'"] and got["base-uri"] == ["'none'"]
    assert got["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in got["style-src-elem"]


@pytest.mark.django_db
def test_the_policy_is_sent_on_staff_pages(client, tree):
    client.force_login(user_with_role("gl", tree.street, Role.GRID_LEADER))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_pages_hold_no_inline_script_or_event_handler():
    """What the policy forbids is not in the templates either (the browser test visits them)."""
    templates = [
        p for p in (ROOT / "civicgrid").rglob("templates/**/*.html") if "vendor" not in p.parts
    ]
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
    inline = re.compile(r"<script(?![^>]*(\bsrc=|type=\"application/json\"))[^>]*>", re.I)
    found = [
        str(p.relative_to(ROOT))
        for p in templates
        if handler.search(p.read_text())
        or inline.search(p.read_text())
        or "hx-on" in p.read_text()
        or re.search(r"hx-vals=[\"']js:", p.read_text())
        or "<style" in p.read_text()
    ]
    assert found == []


def test_map_tiles_are_allowed_from_their_origin_only():
    assert _tile_source("https://{s}.tile.example.cn/{z}/{x}/{y}.png") == [
        "https://*.tile.example.cn"
    ]
    assert _tile_source("http://tiles.local:8080/{z}/{x}/{y}.png") == ["http://tiles.local:8080"]
    assert _tile_source("") == []


@pytest.mark.django_db
def test_cookies_set_over_https_are_secure_without_the_setting(client, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    over_https = client.get(reverse("login"), secure=True)
    assert over_https.cookies["csrftoken"]["secure"] is True
    client.cookies.clear()
    over_http = client.get(reverse("login"))
    assert not over_http.cookies["csrftoken"]["secure"]


@pytest.mark.django_db
def test_a_proxy_that_ended_tls_says_so(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("login"), headers={"X-Forwarded-Proto": "https"})
    assert response.cookies["csrftoken"]["secure"] is True


def _deploy_settings(**env: str) -> subprocess.CompletedProcess:
    """``civicgrid check --deploy`` in a fresh process with a production-like environment."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return subprocess.run(
        [sys.executable, "-c", "from civicgrid.cli import main; main()", "check", "--deploy"],
        cwd=ROOT,
        env={
            **keep,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "CIVICGRID_SECRET_KEY": secrets.token_urlsafe(60),
            "CIVICGRID_ALLOWED_HOSTS": "grid.example.cn",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    done = _deploy_settings(CIVICGRID_HTTPS="1", CIVICGRID_VAR_DIR=str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout, done.stdout + done.stderr
    assert "WARNINGS" not in done.stdout + done.stderr


def test_https_settings_follow_the_environment(tmp_path):
    script = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " s.SECURE_HSTS_PRELOAD, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_PROXY_SSL_HEADER)"
    )
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    base = {**keep, "DJANGO_SETTINGS_MODULE": "config.settings", "CIVICGRID_VAR_DIR": str(tmp_path)}

    def read(**env):
        out = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    assert read() == ["False", "0", "False", "False", "False", "False", "None"]
    assert read(CIVICGRID_HTTPS="1") == ["True", "31536000", "True", "True", "True", "True", "None"]
    assert read(
        CIVICGRID_HTTPS="1",
        CIVICGRID_HSTS_SECONDS="600",
        CIVICGRID_HSTS_PRELOAD="0",
        CIVICGRID_PROXY_SSL_HEADER="X-Forwarded-Proto",
    ) == ["True", "600", "True", "False", "True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]
