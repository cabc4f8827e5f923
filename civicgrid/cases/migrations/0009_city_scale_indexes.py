# Issue 19's working day at 10,000,000 cases: the workbenches' counts and the shift lead's queue
# read from indexes alone.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0008_resolved'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('state__in', ['checking', 'dispatched', 'handled', 'handling', 'registered', 'reopened', 'reported', 'verifying'])), fields=['grid'], include=('state', 'suspended_at', 'yellow_at', 'red_at', 'due_at'), name='case_open_grid'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('rating', 'dissatisfied'), ('state', 'closed')), fields=['-id'], name='case_dissatisfied'),
        ),
    ]
