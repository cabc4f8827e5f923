"""The class a community's complaint of unadmitted work is a case of (AP006: work put on the
community that no duty list admits): staff file it, the public does not."""

from django.db import migrations

from civicgrid.catalogue.seed import UNADMITTED_WORK, load


def forwards(apps, schema_editor):
    load(apps)
    apps.get_model("catalogue", "CaseClass").objects.filter(code=UNADMITTED_WORK).update(
        public=False
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_public_and_service_type")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
