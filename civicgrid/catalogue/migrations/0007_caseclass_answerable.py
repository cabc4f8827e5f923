"""Classes that may be answered on the spot (a consultation answered from the knowledge base while
the caller is on the line, and closed at once: civicgrid.insight); the shipped consultation class
(AP001) is one."""

from django.db import migrations, models

from civicgrid.catalogue.seed import ANSWERABLE


def forwards(apps, schema_editor):
    apps.get_model("catalogue", "CaseClass").objects.filter(code__in=ANSWERABLE).update(
        answerable=True
    )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0006_property_complaint_class")]
    operations = [
        migrations.AddField(
            model_name="caseclass",
            name="answerable",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "A consultation: the operator answers it while the caller is on the line "
                    "(from a knowledge-base article) and it closes at once."
                ),
                verbose_name="may be answered on the spot",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
