# The building tier (矛盾不出楼宇): where a dispute its building's committee settled is
# resolved; no case is opened or raised there.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0013_handlers_queue_index'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='tier_current',
            field=models.CharField(choices=[('grid', 'Grid'), ('community', 'Community'), ('street', 'Street'), ('district', 'District')], max_length=10, verbose_name='tier now'),
        ),
        migrations.AlterField(
            model_name='case',
            name='tier_opened',
            field=models.CharField(choices=[('grid', 'Grid'), ('community', 'Community'), ('street', 'Street'), ('district', 'District')], max_length=10, verbose_name='tier opened'),
        ),
        migrations.AlterField(
            model_name='case',
            name='tier_resolved',
            field=models.CharField(blank=True, choices=[('building', 'Building'), ('grid', 'Grid'), ('community', 'Community'), ('street', 'Street'), ('district', 'District')], max_length=10, verbose_name='tier resolved'),
        ),
    ]
