"""The two kinds of community every district has: urban communities (the default) and villages."""

from django.db import migrations


def create(apps, schema_editor):
    kind = apps.get_model("duties", "CommunityKind")
    kind.objects.get_or_create(code="urban", defaults={"name": "城市社区", "default": True})
    kind.objects.get_or_create(code="village", defaults={"name": "村"})


def remove(apps, schema_editor):
    apps.get_model("duties", "CommunityKind").objects.filter(
        code__in=["urban", "village"], versions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("duties", "0001_duty_lists")]
    operations = [migrations.RunPython(create, remove)]
