"""The inbox page marks read all notifications, or the ones named; a bad or foreign one is
refused by the field's name, and nothing changes."""

import pytest
from django.contrib.messages import get_messages

from civicgrid.accounts.services import user_create
from civicgrid.notifications import services
from civicgrid.notifications.forms import MarkReadForm
from civicgrid.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def inboxes():
    user = user_create(username="u1", password="pw-for-tests-123")
    other = user_create(username="u2", password="pw-for-tests-123")
    services.notify([user, other], kind="status", title="一")
    services.notify([user], kind="status", title="二")
    return user, other


def unread(user):
    return set(Notification.objects.filter(user=user, read_at__isnull=True).values_list("title"))


def test_mark_all_or_the_ones_named(client, inboxes):
    user, other = inboxes
    client.force_login(user)
    first = Notification.objects.get(user=user, title="一")
    assert client.post("/inbox/", {"ids": [first.pk]}).status_code == 302
    assert unread(user) == {("二",)}
    client.post("/inbox/")
    assert unread(user) == set() and unread(other) == {("一",)}


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "=1+1", "9" * 5000, "foreign"])
def test_a_bad_or_foreign_notification_is_refused_and_nothing_changes(client, inboxes, hostile):
    user, other = inboxes
    client.force_login(user)
    if hostile == "foreign":
        hostile = str(Notification.objects.get(user=other).pk)
    response = client.post("/inbox/", {"ids": [hostile]})
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith(f"{MarkReadForm.base_fields['ids'].label}: ")
    assert unread(user) == {("一",), ("二",)} and unread(other) == {("一",)}
