"""Administrators load, change and retire areas in their scope through the API."""

import pytest

from civicgrid.accounts.tests.factories import admin_of, bearer
from civicgrid.areas import locator
from civicgrid.areas.models import Area

from .factories import box

pytestmark = pytest.mark.django_db

NEW = [
    {"code": "310104001002", "name": "东二社区", "boundary": box(121.40, 31.15, 121.45, 31.20)},
    {"code": "310104001002001", "name": "东二网格1", "boundary": box(121.40, 31.15, 121.45, 31.20)},
]


def send(client, method, path, auth, body=None):
    return getattr(client, method)(
        f"/api/v1/areas{path}", body, content_type="application/json", **auth
    )


def test_load_a_community_with_its_grid(client, tree):
    admin = admin_of(tree.street)
    loaded = send(client, "post", "", admin, {"areas": NEW})
    assert loaded.status_code == 200, loaded.content
    assert loaded.json() == {"created": 2, "updated": 0, "unchanged": 0}
    assert locator.locate(121.42, 31.17).code == "310104001002001"
    again = send(client, "post", "", admin, {"areas": NEW})
    assert again.json()["unchanged"] == 2


@pytest.mark.parametrize(
    "change, field",
    [
        ({1: {"name": " "}}, "areas.1.name"),
        ({1: {"code": "310104001003001"}}, "areas.1.parent_code"),
        ({0: {"boundary": {"type": "Point", "coordinates": [121.4, 31.1]}}}, "areas.0.boundary"),
        ({0: {"code": "310104002002"}}, "areas.0.code"),  # under the other street
    ],
)
def test_a_bad_list_names_the_item_and_writes_nothing(client, tree, change, field):
    body = [dict(a) for a in NEW]
    for index, values in change.items():
        body[index] |= values
    refused = send(client, "post", "", admin_of(tree.street), {"areas": body})
    assert refused.status_code == 400 and refused.json()["field"] == field, refused.content
    assert not Area.objects.filter(code__startswith="310104001002").exists()


def test_a_grid_outside_its_community_is_refused(client, tree):
    body = [NEW[0], NEW[1] | {"boundary": box(121.46, 31.15, 121.48, 31.20)}]
    refused = send(client, "post", "", admin_of(tree.street), {"areas": body})
    assert refused.status_code == 400
    assert not Area.objects.filter(code__startswith="310104001002").exists()


def test_rename_redraw_and_retire(client, tree, loop):
    admin = admin_of(tree.street)
    renamed = send(client, "patch", f"/{tree.grid1.code}", admin, {"name": "东一网格甲"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "东一网格甲"
    assert renamed.json()["boundary"] == tree.grid1.boundary  # kept
    smaller = box(121.40, 31.10, 121.41, 31.15)
    redrawn = send(client, "patch", f"/{tree.grid1.code}", admin, {"boundary": smaller})
    assert redrawn.json()["bbox"] == [121.40, 31.10, 121.41, 31.15]
    assert locator.locate(121.415, 31.12) is None
    bad = send(client, "patch", f"/{tree.grid1.code}", admin, {"boundary": {"type": "Nope"}})
    assert bad.status_code == 400 and bad.json()["field"] == "boundary"
    assert send(client, "delete", f"/{tree.community.code}", admin).status_code == 204
    assert not Area.objects.get(pk=tree.grid2.pk).active
    # outside the scope, or not an administrator: nothing there
    assert (
        send(client, "patch", f"/{tree.other_grid.code}", admin, {"name": "x"}).status_code == 404
    )
    assert send(client, "delete", f"/{tree.other_grid.code}", admin).status_code == 404
    handler = bearer(loop.handler)
    assert send(client, "post", "", handler, {"areas": NEW}).status_code == 404
    assert send(client, "delete", f"/{tree.other_grid.code}", handler).status_code == 404
    assert Area.objects.get(pk=tree.other_grid.pk).active


def test_a_code_of_no_known_length_is_bad_input(client, tree):
    refused = send(
        client, "post", "", admin_of(tree.district), {"areas": [{"code": "00", "name": "x"}]}
    )
    assert refused.status_code == 400 and refused.json()["field"] == "areas.0.code"
