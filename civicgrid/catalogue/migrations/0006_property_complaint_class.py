"""The class a resident's complaint about a property company's service is a case of (AP007):
reportable by the public; dispatch is offered the company managing the estate the case lies in
(civicgrid.estates)."""

from django.db import migrations

from civicgrid.catalogue.seed import load


def forwards(apps, schema_editor):
    load(apps)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_unadmitted_work_class")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
