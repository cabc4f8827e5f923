"""Each step of an admission application records the state it left and the state it reached
(the writer of ``burden/workflow.py`` writes both). The steps already on the record get them
from their order: the first was the filing (to applied), and each later one left the state the
one before it reached."""

from django.db import migrations, models

STATES = [
    ("applied", "under review"),
    ("admitted", "admitted"),
    ("refused", "refused"),
    ("withdrawn", "withdrawn"),
]


def from_the_order(apps, schema_editor):
    step = apps.get_model("burden", "ApplicationStep")
    previous: dict[int, str] = {}
    for row in step.objects.order_by("application_id", "at", "id"):
        row.from_state = previous.get(row.application_id, "")
        # a step is named after the state it reached
        row.to_state = row.action if row.action in dict(STATES) else row.from_state or "applied"
        previous[row.application_id] = row.to_state
        row.save(update_fields=["from_state", "to_state"])


class Migration(migrations.Migration):
    dependencies = [("burden", "0001_from_duties")]

    operations = [
        migrations.AddField(
            model_name="applicationstep",
            name="from_state",
            field=models.CharField(blank=True, choices=STATES, max_length=10, verbose_name="from"),
        ),
        migrations.AddField(
            model_name="applicationstep",
            name="to_state",
            field=models.CharField(choices=STATES, default="applied", max_length=10, verbose_name="to"),
            preserve_default=False,
        ),
        migrations.RunPython(from_the_order, migrations.RunPython.noop),
    ]
