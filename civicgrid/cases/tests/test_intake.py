"""Intake from every channel: location, validation naming the field, idempotency, privacy."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from PIL import Image

from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_report
from civicgrid.core.errors import DomainError

from .fixtures import MONDAY

pytestmark = pytest.mark.django_db


def jpeg(name="p.jpg", gps=None, size=(64, 48)):
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    if gps:
        lon, lat = gps
        exif.get_ifd(0x8825).update(
            {
                1: "N",
                2: (int(lat), int(lat * 60 % 60), 0.0),
                3: "E",
                4: (int(lon), int(lon * 60 % 60), 0.0),
            }
        )
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def make(loop, actor=None, **kw):
    values = {
        "case_class": "06010",
        "description": "垃圾",
        "channel": "hotline",
        "lon": 121.41,
        "lat": 31.12,
        "reporter_name": "王女士",
        "reporter_phone": "138 1234 5678",
    }
    values.update(kw)
    return case_report(actor=actor or loop.operator, report=Report(**values), now=MONDAY)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"case_class": "99999"}, "case_class"),
        ({"lon": None, "lat": None}, "location"),
        ({"lon": 120.0, "lat": 30.0}, "location"),
        ({"lon": "east"}, "lon"),
        ({"lat": 95}, "lat"),
        ({"description": "x" * 4001}, "description"),
        ({"description": "<b>bold</b>"}, "description"),
        ({"reporter_phone": "12345"}, "reporter_phone"),
        ({"reporter_email": "not-an-email"}, "reporter_email"),
        ({"reporter_name": "x" * 51}, "reporter_name"),
        ({"channel": "pigeon"}, "channel"),
        ({"priority": "whenever"}, "priority"),
        ({"building": "NO-SUCH"}, "building"),
        ({"lon": None, "lat": None, "address": "不存在的路 1 号"}, "address"),
        ({"answers": {"volume": "huge"}}, "answers.volume"),
        ({"answers": {"unknown": "x"}}, "answers.unknown"),
        ({"case_class": "06001", "answers": {"area_m2": "10"}}, "answers.under_construction"),
        (
            {"case_class": "06001", "answers": {"under_construction": "yes", "area_m2": "ten"}},
            "answers.area_m2",
        ),
        ({"idempotency_key": "k" * 81}, "idempotency_key"),
        ({"channel": "patrol"}, "channel"),
        (
            {"photos": [SimpleUploadedFile("x.gif", b"GIF89a....", content_type="image/gif")]},
            "photos",
        ),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(loop, change, field):
    if "answers" not in change and "case_class" not in change:
        change.setdefault("answers", {"volume": "small"})
    with pytest.raises(DomainError) as info:
        make(loop, **change)
    assert info.value.field == field, info.value.message
    assert not Case.objects.exists()


def test_a_good_report_with_answers_and_a_located_photo(loop):
    case = make(loop, answers={"volume": "large"}, photos=[jpeg(gps=(121.41, 31.12))])
    assert case.answers == {"volume": "large"}
    photo = case.attachments.get()
    assert photo.kind == "report" and photo.lat == pytest.approx(31.2, abs=0.2)
    stored = Image.open(photo.file)
    assert not stored.getexif()  # camera and position removed from the stored copy


def test_location_from_a_building(loop, world):
    b = world["b1"]
    b.lon, b.lat = 121.41, 31.12
    b.save()
    case = make(loop, lon=None, lat=None, building="B1", answers={"volume": "small"})
    assert case.building == b and case.grid == b.grid and case.address == b.address


def test_gcj02_input_is_converted(loop):
    case = make(loop, lon=121.4145, lat=31.118, gcj02=True, answers={"volume": "small"})
    assert case.lon < 121.4145  # GCJ-02 is shifted east of WGS84 near Shanghai


def test_retry_with_the_same_key_returns_the_same_case(loop):
    first = make(loop, idempotency_key="abc-1", answers={"volume": "small"})
    again = make(loop, idempotency_key="abc-1", answers={"volume": "small"})
    assert again.pk == first.pk and again.replayed and not first.replayed
    assert Case.objects.count() == 1
    other_channel = make(
        loop, idempotency_key="abc-1", channel="window", answers={"volume": "small"}
    )
    assert other_channel.pk != first.pk


def test_anonymous_only_where_the_class_allows(loop):
    case = make(loop, reporter_name="", reporter_phone="", answers={"volume": "small"})
    assert case.anonymous
    with pytest.raises(DomainError) as info:
        make(loop, case_class="AP002", reporter_name="", reporter_phone="")
    assert info.value.field == "reporter_phone"


def test_reporter_phone_is_encrypted_and_masked(loop):
    case = make(loop, reporter_email="wang@example.com", answers={"volume": "small"})
    assert case.reporter_phone_masked == "138****5678"
    assert case.reveal("reporter_phone") == "13812345678"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_case")
        row = " ".join(str(v) for v in cursor.fetchone())
    assert "13812345678" not in row and "wang@example.com" not in row


def test_staff_outside_their_area_cannot_report_there(loop):
    with pytest.raises(DomainError) as info:
        make(loop, actor=loop.outsider, answers={"volume": "small"})
    assert info.value.field == "location"


def test_public_report_needs_no_account(loop):
    from django.contrib.auth.models import AnonymousUser

    case = make(loop, actor=AnonymousUser(), channel="open311", answers={"volume": "small"})
    assert case.reporter_user is None and case.dispatch_level == "district"


def test_a_class_closed_to_the_public_is_refused_on_public_channels(loop):
    from django.contrib.auth.models import AnonymousUser

    from civicgrid.catalogue.models import CaseClass

    CaseClass.objects.filter(code="06010").update(public=False)
    for channel in ("web", "mobile", "open311"):
        with pytest.raises(DomainError) as exc:
            make(loop, actor=AnonymousUser(), channel=channel, answers={"volume": "small"})
        assert exc.value.field == "case_class" and exc.value.code == "not_public"
    assert Case.objects.count() == 0
    # staff still take it on the hotline
    assert make(loop, channel="hotline", answers={"volume": "small"}).pk
