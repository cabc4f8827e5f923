"""Announcements (what cases record for other systems) and the topics a forwarder passes on."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_resident_links_to_public_pages"),
    ]

    operations = [
        migrations.CreateModel(
            name="Announcement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("topic", models.CharField(max_length=30, verbose_name="topic")),
                ("payload", models.JSONField(verbose_name="payload")),
                ("created_at", models.DateTimeField(verbose_name="announced at")),
            ],
            options={
                "verbose_name": "announcement",
                "verbose_name_plural": "announcements",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="AnnouncementTopic",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("forwarder", models.CharField(max_length=30, verbose_name="forwarded by")),
                ("topic", models.CharField(max_length=30, verbose_name="topic")),
            ],
            options={
                "verbose_name": "forwarded topic",
                "verbose_name_plural": "forwarded topics",
                "ordering": ["forwarder", "topic"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("forwarder", "topic"),
                        name="announcement_topic_once",
                        violation_error_message="This forwarder already passes this topic on.",
                    )
                ],
            },
        ),
    ]
