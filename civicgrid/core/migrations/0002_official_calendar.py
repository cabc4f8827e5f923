from django.db import migrations

from civicgrid.core.calendar_seed import seed


def forwards(apps, schema_editor):
    seed(apps)


def backwards(apps, schema_editor):
    apps.get_model("core", "CalendarDay").objects.filter(source="seed").delete()
    apps.get_model("core", "CalendarYear").objects.filter(source="seed").delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
