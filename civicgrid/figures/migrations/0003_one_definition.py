"""The counts of an area's day follow the indicator library: ``on_time`` is named
``closed_on_time`` as there, and ``due_to_close`` is kept, the on-time closing rate's denominator.
Rows rewritten by the next refresh get it; until then it is 0."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0002_area_now"),
    ]

    operations = [
        migrations.RenameField(model_name="areaday", old_name="on_time", new_name="closed_on_time"),
        migrations.AddField(
            model_name="areaday",
            name="due_to_close",
            field=models.PositiveIntegerField(default=0, verbose_name="of those, due to close"),
        ),
    ]
