"""Any change to a class or its questions moves the catalogue stamp (per-process caches)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CaseClass, ClassQuestion
from .selectors import ACTIVE_CLASSES


@receiver([post_save, post_delete], sender=CaseClass)
@receiver([post_save, post_delete], sender=ClassQuestion)
def catalogue_changed(**kwargs) -> None:
    ACTIVE_CLASSES.changed()
