"""The register pages' forms: a hostile value is refused with a message naming the field, and
nothing changes."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from civicgrid.registry.forms import ImportForm, VisitForm
from civicgrid.registry.models import Visit

pytestmark = pytest.mark.django_db


def told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def label(form, field: str) -> str:
    with translation.override("zh-hans"):
        return str(form.base_fields[field].label)


@pytest.mark.parametrize("value", ["=cmd|' /C calc'!A0", "<script>x</script>", "2026-13-45"])
def test_a_visit_with_a_date_that_is_none_is_refused_naming_it(gl_client, world, value):
    url = reverse("registry:visit_create", args=[world["h1"].pk])
    response = gl_client.post(url, {"visited_on": value, "notes": "走访"})
    assert response.status_code == 302
    assert any(m.startswith(label(VisitForm, "visited_on")) for m in told(response))
    assert not Visit.objects.exists()


def test_an_import_of_an_unknown_kind_is_refused_naming_it(gl_client, world):
    upload = SimpleUploadedFile("p.csv", "姓名\n张三\n".encode())
    response = gl_client.post(
        reverse("registry:import"), {"kind": "<b>everything</b>", "file": upload}
    )
    assert response.status_code == 200
    assert any(m.startswith(label(ImportForm, "kind")) for m in told(response))
    assert "token" not in response.context


def test_an_import_without_a_file_is_refused_naming_it(gl_client, world):
    response = gl_client.post(reverse("registry:import"), {"kind": "persons"})
    assert any(m.startswith(label(ImportForm, "file")) for m in told(response))
