"""A case recorded one by one (an operator's intake, a resident's report, the API, Open311) has
its class suggestion recorded once the transaction commits; the demo's bulk history does not."""

from __future__ import annotations

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def case_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or not instance.description:
        return

    def later() -> None:
        from .suggestions import record

        try:
            record(instance)
        except Exception:  # the suggestion's record must never cost a case
            log.exception("class suggestion not recorded for case %s", instance.pk)

    transaction.on_commit(later)
