"""Files in an S3-protocol object store (issue 22): a case's photo and a staged import go to the
bucket through Django's storage API, are private there, and reach a user only through a view that
checks their scope; no code opens a local media path."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.cases.services import Report, case_report
from civicgrid.cases.tests.fixtures import MONDAY
from civicgrid.cases.tests.test_intake import jpeg
from civicgrid.registry.models import Person
from civicgrid.registry.tests.factories import id_for, xlsx_bytes

pytestmark = pytest.mark.django_db


def keys(s3) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=s3.bucket).get("Contents", [])]


def test_a_photo_is_a_private_object_shown_only_in_scope(s3_storage, client, loop):
    s3 = s3_storage
    photo = jpeg()
    sent = photo.read()
    photo.seek(0)
    case = case_report(
        actor=loop.operator,
        report=Report(case_class="06010", answers={"volume": "small"}, lon=121.41, lat=31.12,
                      reporter_name="王", reporter_phone="13812345678", photos=[photo]),
        now=MONDAY,
    )  # fmt: skip
    stored = case.attachments.get()
    assert keys(s3) == [stored.file.name]  # in the bucket, nowhere else
    body = s3.get_object(Bucket=s3.bucket, Key=stored.file.name)["Body"].read()
    assert body[:2] == b"\xff\xd8" and len(body) > 0
    grants = s3.get_object_acl(Bucket=s3.bucket, Key=stored.file.name)["Grants"]
    assert [g["Permission"] for g in grants] == ["FULL_CONTROL"]  # the owner's, nobody else's
    assert all(
        g["Grantee"].get("URI") is None for g in grants
    )  # no AllUsers, no AuthenticatedUsers
    url = f"/cases/{case.pk}/attachments/{stored.pk}"
    client.force_login(loop.operator)
    answer = client.get(url)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == body
    assert sent[:2] == body[:2]
    client.force_login(loop.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (302, 404)  # the login page, never the object


HEADER = ["姓名", "证件号码", "人口类型", "网格编码"]


def test_an_import_is_staged_in_the_bucket_and_gone_once_written(s3_storage, gl_client, world):
    s3 = s3_storage
    good = xlsx_bytes(HEADER, [["王五", id_for(7), "户籍", "310104001001002"]])
    answer = gl_client.post(reverse("registry:import"),
                            {"kind": "persons", "file": SimpleUploadedFile("p.xlsx", good)})  # fmt: skip
    assert answer.status_code == 200
    staged = [k for k in keys(s3) if k.startswith("imports/")]
    assert len(staged) == 1 and staged[0].endswith(".xlsx")
    assert not Person.objects.filter(name="王五").exists()  # the preview wrote nothing
    gl_client.post(reverse("registry:import_confirm", args=[answer.context["token"]]))
    assert Person.objects.filter(name="王五").exists()
    assert [k for k in keys(s3) if k.startswith("imports/")] == []


def test_an_import_with_errors_gives_its_report_from_the_bucket(s3_storage, gl_client, world):
    s3 = s3_storage
    bad = xlsx_bytes(HEADER, [["赵六", "123", "户籍", "310104002001001"]])
    answer = gl_client.post(reverse("registry:import"),
                            {"kind": "persons", "file": SimpleUploadedFile("p.xlsx", bad)})  # fmt: skip
    token = answer.context["token"]
    assert any(k.endswith(".errors.xlsx") for k in keys(s3))
    report = gl_client.get(reverse("registry:import_errors", args=[token]))
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).active
    assert "证件号码" in str([c.value for c in sheet[2]])
    # another user who may import, in another session: no such import there (404), whatever is
    # in the bucket
    other = Client()
    other.force_login(user_with_role("gl2", world["tree"].street, Role.GRID_LEADER, view_pii=True))
    assert other.get(reverse("registry:import_errors", args=[token])).status_code == 404


def test_the_storage_is_the_bucket_while_set(s3_storage):
    name = default_storage.save("probe/x.txt", io.BytesIO(b"x"))
    assert name in keys(s3_storage)
    assert default_storage.open(name).read() == b"x"
    default_storage.delete(name)
    assert name not in keys(s3_storage)


def test_no_code_opens_a_local_media_path():
    """Files go through the storage API: nothing but the settings names MEDIA_ROOT."""
    root = Path(__file__).resolve().parents[2]
    found = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
        and "MEDIA_ROOT" in p.read_text(encoding="utf-8")
    ]  # fmt: skip
    assert found == []


@pytest.mark.parametrize("where", ["local", "bucket"])
def test_staged_imports_nobody_confirmed_are_removed(where, request, settings, tmp_path):
    """Staged uploads hold personal data in clear: gone after CIVICGRID_IMPORT_STAGED_HOURS."""
    from django.utils import timezone

    from civicgrid.registry.tasks import forget_staged_imports

    if where == "bucket":
        request.getfixturevalue("s3_storage")
    else:
        settings.MEDIA_ROOT = str(tmp_path)
        assert forget_staged_imports() == 0  # nothing staged yet: no folder at all
    settings.CIVICGRID_IMPORT_STAGED_HOURS = 24
    name = default_storage.save("imports/abc.xlsx", io.BytesIO(b"PK"))
    now = timezone.now()
    assert forget_staged_imports(now=now) == 0 and default_storage.exists(name)
    assert forget_staged_imports(now=now + timedelta(hours=25)) == 1
    assert not default_storage.exists(name)
