from django.db import migrations

from civicgrid.registry.tag_catalogue import TAGS


def seed(apps, schema_editor):
    Tag = apps.get_model("registry", "Tag")
    for code, name, name_en, group, sensitivity in TAGS:
        Tag.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "group": group, "sensitivity": sensitivity},
        )


def unseed(apps, schema_editor):
    Tag = apps.get_model("registry", "Tag")
    Tag.objects.filter(code__in=[t[0] for t in TAGS], person_tags__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
