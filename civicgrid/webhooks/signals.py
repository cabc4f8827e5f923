"""A subscriber saved or deleted moves the "webhooks" stamp: every process re-reads them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Subscription
from .services import SUBSCRIBERS


@receiver(post_save, sender=Subscription, dispatch_uid="webhooks-subscribers-saved")
@receiver(post_delete, sender=Subscription, dispatch_uid="webhooks-subscribers-deleted")
def subscribers_changed(sender, **kwargs):
    SUBSCRIBERS.changed()
