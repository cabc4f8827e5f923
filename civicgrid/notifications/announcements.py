"""Announcements: what happened, recorded for other systems to hear of.

The floor where something happens does not know who passes it on (cases lie below webhooks):
it records an announcement — a topic and a JSON payload — after its step is committed, and the
forwarder above reads the record. The forwarder takes the oldest announcements, writes its own
record of them (webhooks: one delivery per subscriber) and deletes what it took, in one
transaction: at least once, and a failure leaves them for its next turn.

Nothing is recorded for a topic no forwarder wants: each forwarder says which topics it passes
on (``announcement_topics_set``), and every process keeps that set, re-read when the
"announcement-topics" stamp moves, so asking ``announcement_wanted`` costs no query.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from civicgrid.core.stamped import StampedCache

from .models import Announcement, AnnouncementTopic


def _wanted_topics() -> frozenset[str]:
    return frozenset(AnnouncementTopic.objects.values_list("topic", flat=True))


WANTED = StampedCache("announcement-topics", _wanted_topics)


def announcement_wanted(topic: str) -> bool:
    """Does any forwarder pass ``topic`` on? (From the process cache: no query.)"""
    return topic in WANTED.get()


@transaction.atomic
def announcement_topics_set(*, forwarder: str, topics: Iterable[str]) -> None:
    """The topics ``forwarder`` passes on from now (replacing what it said before)."""
    wanted = set(topics)
    mine = AnnouncementTopic.objects.filter(forwarder=forwarder)
    if set(mine.values_list("topic", flat=True)) == wanted:
        return
    mine.exclude(topic__in=wanted).delete()
    AnnouncementTopic.objects.bulk_create(
        [AnnouncementTopic(forwarder=forwarder, topic=t) for t in sorted(wanted)],
        ignore_conflicts=True,
    )
    WANTED.changed()


def announcements_record(
    *, topic: str, payloads: list[dict], now: dt.datetime | None = None
) -> list[Announcement]:
    """Record one announcement of ``topic`` per payload, if a forwarder wants the topic. Dates
    and decimals in a payload are written as JSON strings (ISO 8601, as the API writes them)."""
    if not payloads or not announcement_wanted(topic):
        return []
    now = now or timezone.now()
    rows = [
        Announcement(
            topic=topic,
            payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
            created_at=now,
        )
        for payload in payloads
    ]
    return Announcement.objects.bulk_create(rows, batch_size=1000)


@transaction.atomic
def announcements_take(*, handle: Callable[[list[Announcement]], object], limit: int = 500) -> int:
    """Hand the oldest announcements (at most ``limit``) to ``handle``, then delete them, in one
    transaction: what ``handle`` writes stands or falls with their deletion. Two forwarders
    running at once skip each other's rows (on PostgreSQL; SQLite writes one at a time)."""
    batch = list(Announcement.objects.select_for_update(skip_locked=True).order_by("id")[:limit])
    if not batch:
        return 0
    handle(batch)
    Announcement.objects.filter(pk__in=[a.pk for a in batch]).delete()
    return len(batch)
