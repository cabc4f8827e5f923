"""SMS gateways. ``CIVICGRID_SMS_BACKEND`` names the class; the default keeps every message in
the outbox table (marked sent by "outbox"), where an operator or an integration picks it up.

A real gateway subclasses ``SmsBackend`` and implements ``send``; raise to make the delivery
task retry later.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.conf import settings
from django.utils.module_loading import import_string


class SmsBackend(ABC):
    name = "base"

    @abstractmethod
    def send(self, phone: str, text: str) -> None:
        """Deliver ``text`` to ``phone``; raise to have the delivery retried later."""


class OutboxBackend(SmsBackend):
    """Writes nothing anywhere else: the outbox row is the message."""

    name = "outbox"

    def send(self, phone: str, text: str) -> None:
        return None


def backend() -> SmsBackend:
    return import_string(settings.CIVICGRID_SMS_BACKEND)()
