# The constraint on the call's state, in a migration of its own: the states it checks were
# written by 0003's data step, in that migration's transaction.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0003_workflow_steps_and_limits'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='call',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'open'), ('tallied_at__isnull', True)), models.Q(('status', 'tallied'), ('tallied_at__isnull', False)), _connector='OR'), name='call_counted_when_tallied', violation_error_message='A counted call has the time of its count.'),
        ),
    ]
