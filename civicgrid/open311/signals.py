"""A case event saved in this process makes the cached public lists re-check at once; a client
application saved or deleted moves the stamp of the cached keys."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from civicgrid.cases.models import CaseEvent

from .documents import DOCUMENTS
from .models import ClientApp
from .services import CLIENT_APPS


@receiver(post_save, sender=CaseEvent, dispatch_uid="open311-documents")
def case_event_saved(sender, **kwargs):
    DOCUMENTS.changed()
    transaction.on_commit(DOCUMENTS.changed)  # and again once others can see it


@receiver(post_save, sender=ClientApp, dispatch_uid="open311-apps-saved")
@receiver(post_delete, sender=ClientApp, dispatch_uid="open311-apps-deleted")
def client_app_changed(sender, **kwargs):
    CLIENT_APPS.changed()
