"""The admin's permission pickers name each permission in the user's language (Django stores
them in English when the database is created)."""

import pytest
from django.urls import reverse

from civicgrid.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        lambda u: reverse("admin:accounts_user_change", args=[u.pk]),
        lambda u: reverse("admin:auth_group_add"),
    ],
)
def test_permissions_are_named_in_chinese(client, url):
    root = User.objects.create_superuser("root", "root@example.cn", "pw-for-tests-123")
    client.force_login(root)
    page = client.get(url(root), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Can add" not in page and "Can view" not in page
    assert "可新增案件" in page.replace(" ", "") or "可新增" in page
