"""A case recorded one by one (an operator's intake, a resident's report, the API, Open311) has
its class suggestion recorded and counts towards its place's repeat demand once the transaction
commits — by tasks, so that the intake's answer never waits (eager without a broker); the
demo's bulk history does neither."""

from __future__ import annotations

from django.db import transaction


def case_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    from .tasks import count_repeat, record_suggestion

    pk = instance.pk
    transaction.on_commit(lambda: (record_suggestion.delay(pk), count_repeat.delay(pk)))
