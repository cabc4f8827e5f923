"""A case event saved in this process makes the cached public lists re-check at once."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from civicgrid.cases.models import CaseEvent

from .documents import DOCUMENTS


@receiver(post_save, sender=CaseEvent, dispatch_uid="open311-documents")
def case_event_saved(sender, **kwargs):
    DOCUMENTS.changed()
    transaction.on_commit(DOCUMENTS.changed)  # and again once others can see it
