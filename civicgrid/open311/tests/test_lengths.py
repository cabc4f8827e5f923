"""An Open311 argument longer than the case keeps is refused naming it (it was cut silently),
and nothing is written."""

import pytest

from civicgrid.cases.models import Case

from . import test_requests
from .test_bad_input import refused
from .test_requests import post

pytestmark = pytest.mark.django_db
app = test_requests.app  # the fixture


@pytest.mark.parametrize(
    ("field", "value"),
    [("address_string", "幸福路" * 67), ("device_id", "d" * 501), ("media_url", "=1+1" * 126)],
)
def test_an_argument_too_long_is_refused_naming_it(client, app, field, value):
    refused(post(client, app, **{field: value}), field)
    assert not Case.objects.exists()


def test_an_address_that_fits_is_kept_whole(client, app):
    assert post(client, app, address_string="幸福路" * 66 + "1号").status_code == 201
    assert Case.objects.get().address == "幸福路" * 66 + "1号"
