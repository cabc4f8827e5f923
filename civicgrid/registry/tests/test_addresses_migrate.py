"""A database from before the address index gets one when it is migrated."""

import pytest

from civicgrid.registry.addresses.signals import build_if_missing
from civicgrid.registry.models import Building, StandardAddress

pytestmark = pytest.mark.django_db


def test_migrate_builds_a_missing_index_and_leaves_a_present_one(tree):
    Building.objects.create(
        code="M-1",
        name="幸福苑1号楼",
        address="示范区示范路391号",
        grid=tree.grid1,
        lon=121.41,
        lat=31.12,
    )
    StandardAddress.objects.all().delete()  # as before the index existed
    build_if_missing(sender=None)
    assert StandardAddress.objects.filter(building__code="M-1").exists()
    kept = set(StandardAddress.objects.values_list("pk", flat=True))
    build_if_missing(sender=None)  # an index already there is not rebuilt
    assert set(StandardAddress.objects.values_list("pk", flat=True)) == kept


def test_an_empty_register_gets_no_index_and_no_error():
    build_if_missing(sender=None)
    assert not StandardAddress.objects.exists()
