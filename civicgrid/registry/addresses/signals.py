"""A building or house saved or deleted one at a time — through the register's services, its
pages or the admin — has its index entries written again at once. Connected in the app's
``ready``."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Building, House, StandardAddress
from .index import rebuild, reindex_buildings


@receiver(post_save, sender=Building, dispatch_uid="stdaddr_building_saved")
def building_saved(sender, instance: Building, raw: bool = False, **kwargs) -> None:
    """A building created, changed or deactivated (an inactive one has no entries)."""
    if not raw and instance.pk is not None:
        reindex_buildings([instance.pk])


@receiver(post_save, sender=House, dispatch_uid="stdaddr_house_saved")
@receiver(post_delete, sender=House, dispatch_uid="stdaddr_house_deleted")
def house_changed(sender, instance: House, raw: bool = False, **kwargs) -> None:
    if not raw and instance.building_id is not None:
        reindex_buildings([instance.building_id])


def build_if_missing(sender, using: str = "default", **kwargs) -> None:
    """After ``migrate``: a register that has buildings but no index yet (a database from before
    the index existed) gets one, so nobody has to remember ``civicgrid addresses --rebuild``.
    An empty database (a new install, a test run) costs one query."""
    if StandardAddress.objects.using(using).exists():
        return
    if not Building.objects.using(using).filter(active=True).exists():
        return
    rebuild()
