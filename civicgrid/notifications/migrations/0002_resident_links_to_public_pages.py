"""A reporter's inbox items ("Your case …", kind ``status``) linked to the staff case page, which
a resident cannot open: point the ones already sent to the public page, as new ones are."""

import re

from django.db import migrations

STAFF_PAGE = re.compile(r"^/cases/(\d+)/$")


def to_public_pages(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Case = apps.get_model("cases", "Case")
    rows = Notification.objects.filter(kind="status", url__startswith="/cases/")
    for row in rows.only("id", "url").iterator(chunk_size=2000):
        found = STAFF_PAGE.match(row.url)
        number = (
            Case.objects.filter(pk=int(found.group(1))).values_list("number", flat=True).first()
            if found
            else None
        )
        url = f"/portal/cases/{number}/" if number else ""
        Notification.objects.filter(pk=row.pk).update(url=url)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("cases", "0008_resolved"),
    ]

    operations = [migrations.RunPython(to_public_pages, migrations.RunPython.noop)]
