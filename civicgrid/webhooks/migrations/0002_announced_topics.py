"""Cases announce only the topics some subscriber chose: write the topics of the subscribers
already active (later changes go through webhooks.services)."""

from django.db import migrations

FORWARDER = "webhooks"


def topics_of_subscribers(apps, schema_editor):
    Subscription = apps.get_model("webhooks", "Subscription")
    AnnouncementTopic = apps.get_model("notifications", "AnnouncementTopic")
    topics = set()
    for events in Subscription.objects.filter(paused=False).values_list("events", flat=True):
        topics.update(events or [])
    AnnouncementTopic.objects.bulk_create(
        [AnnouncementTopic(forwarder=FORWARDER, topic=t) for t in sorted(topics)],
        ignore_conflicts=True,
    )


def forget_topics(apps, schema_editor):
    apps.get_model("notifications", "AnnouncementTopic").objects.filter(
        forwarder=FORWARDER
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("notifications", "0003_announcements"),
    ]

    operations = [migrations.RunPython(topics_of_subscribers, forget_topics)]
