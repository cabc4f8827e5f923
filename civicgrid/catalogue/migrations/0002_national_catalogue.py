from django.db import migrations

from civicgrid.catalogue.seed import load


def forwards(apps, schema_editor):
    load(apps)


def backwards(apps, schema_editor):
    for name in ("ClassQuestion", "CaseClass", "PartType", "MajorClass"):
        apps.get_model("catalogue", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
