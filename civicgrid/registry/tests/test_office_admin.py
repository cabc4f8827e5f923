"""The Django admin in Chinese throughout (issue 18 §5): every change list and add form, read in
zh-hans by a superuser, shows no English in its labels — app and model names, column headers,
filters, actions, field labels, the sidebar and the breadcrumbs."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from civicgrid.accounts.models import User

pytestmark = pytest.mark.django_db

# words that stay as they are in Chinese text: names of standards, protocols and formats
KEPT = {
    "API", "ID", "IP", "URL", "HTTP", "GET", "POST", "SHA", "Open311", "GeoReport", "GeoJSON",
    "WGS84", "GCJ", "Webhook", "webhook", "JSON", "xlsx", "csv", "HMAC", "SMS", "Accept", "Token",
    "token", "REST", "Excel", "PDF",
    "unknown",  # axes' "<unknown>" for a header a request lacked: data, in a filter's options
}  # fmt: skip
# labels a slip would show: the words the admin showed in English before (issue 18)
KNOWN_ENGLISH = (
    "access attempt", "access log", "access failure", "Axes", "Attempt Time", "User Agent",
    "Model name", "Add link", "Change or view list link", "Django administration", "Locked Out",
    "Logout Time", "Failed Logins",
)  # fmt: skip
LABELS = re.compile(
    r"<(?:h1|h2|h3|th|caption|label|option|a)\b[^>]*>(.*?)</(?:h1|h2|h3|th|caption|label|option|a)>",
    re.S,
)


def _english(html: str) -> set[str]:
    body = html.split("<body", 1)[1]
    body = re.sub(r"<(script|style|textarea|select)\b.*?</\1>", "", body, flags=re.S)
    body = body.split('id="result_list"')[0] + body.split("</table>")[-1]  # rows are data
    found = set()
    for inner in LABELS.findall(body):
        text = re.sub(r"<[^>]+>", " ", inner)
        text = re.sub(r"&\w+;", " ", text).strip()
        if re.search(r"[\u4e00-\u9fff]", text):
            continue
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z_-]{2,}", text) if w not in KEPT]
        if words:
            found.add(text[:80])
    return found


def _pages():
    yield reverse("admin:index")
    for model in admin.site._registry:
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def test_every_admin_page_is_in_chinese(client):
    root = User.objects.create_superuser("root", "root@example.cn", "pw-for-tests-123")
    client.force_login(root)
    english = {}
    for url in _pages():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        if response.status_code == 403:  # an add form the admin never offers (read-only models)
            continue
        assert response.status_code == 200, url
        html = response.content.decode()
        shown = re.sub(r"<select\b.*?</select>", "", html, flags=re.S)  # permissions: data
        words = _english(html) | {w for w in KNOWN_ENGLISH if w in shown}
        if words:
            english[url] = sorted(words)
    assert english == {}


def test_app_labels_are_marked_for_translation():
    """Every app with a model in the admin names itself through gettext (Chinese from the
    catalogue), axes included."""
    with translation.override("en"):
        labels = {m._meta.app_config.label: str(m._meta.app_config.verbose_name)
                  for m in admin.site._registry}  # fmt: skip
    assert labels["axes"] == "Login attempts"
    assert labels["open311"] == "Open311 interface (GeoReport v2)"
    assert admin.site.site_header != "Django administration"
