"""A case recorded one by one (an operator's intake, a resident's report, the API, Open311) has
its class suggestion recorded once the transaction commits — by a task, so that the intake's
answer never waits for the model (eager without a broker); the demo's bulk history does not."""

from __future__ import annotations

from django.db import transaction


def case_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or not instance.description:
        return
    from .tasks import record_suggestion

    pk = instance.pk
    transaction.on_commit(lambda: record_suggestion.delay(pk))
