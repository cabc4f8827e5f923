"""Admission applications, tasks pushed to communities, refused attempts and complaints come
here from the duty lists' app, tables and rows as they are: a database made before the move keeps
its ``duties_…`` tables (the duty lists' first migration, which made them, now stands for the six
that did), a new database gets them made here. The content types follow the models, so their
permissions and the admin's log keep pointing at them."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

MOVED = ["application", "applicationstep", "communitytask", "refusal", "complaint"]


def make_missing_tables(apps, schema_editor):
    """The tables of a new database (a database from before the move has them all)."""
    existing = set(schema_editor.connection.introspection.table_names())
    for name in MOVED:
        model = apps.get_model("burden", name)
        if model._meta.db_table not in existing:
            schema_editor.create_model(model)


def drop_tables(apps, schema_editor):
    for name in reversed(MOVED):
        schema_editor.delete_model(apps.get_model("burden", name))


def _content_types(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for name in MOVED:
        old = content_type.objects.filter(app_label=source, model=name).first()
        if old is None:
            continue  # a new database: made after the migration, under the target's name
        # one made under the target's name before this ran holds nothing yet: the old one,
        # which the permissions and the admin's log point at, takes its place
        content_type.objects.filter(app_label=target, model=name).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def content_types_to_burden(apps, schema_editor):
    _content_types(apps, "duties", "burden")


def content_types_to_duties(apps, schema_editor):
    _content_types(apps, "burden", "duties")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("areas", "0002_stamp_moved_to_core"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cases", "0008_resolved"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("duties", "0001_squashed_0006_duty_lists"),
        ("evaluation", "0004_scheme_templates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='Application',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ('list_type', models.CharField(choices=[('assisting', 'assisting tasks (协助工作)'), ('assessment', 'admitted assessments (考核准入)')], max_length=12, verbose_name='for the list of')),
                    ('title', models.CharField(max_length=200, verbose_name='item')),
                    ('reason', models.TextField(max_length=4000, verbose_name='why communities should do it')),
                    ('basis', models.CharField(max_length=300, verbose_name='legal or policy basis')),
                    ('hours_per_month', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=7, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='hours a month')),
                    ('reports_per_year', models.PositiveIntegerField(default=0, verbose_name='reports a year')),
                    ('meetings_per_year', models.PositiveIntegerField(default=0, verbose_name='meetings a year')),
                    ('funding_per_year', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='funding a year (yuan)')),
                    ('starts_on', models.DateField(verbose_name='wanted from')),
                    ('ends_on', models.DateField(blank=True, null=True, verbose_name='until')),
                    ('status', models.CharField(choices=[('applied', 'under review'), ('admitted', 'admitted'), ('refused', 'refused'), ('withdrawn', 'withdrawn')], default='applied', max_length=10, verbose_name='status')),
                    ('decision_due', models.DateField(verbose_name='decision due by')),
                    ('decision', models.TextField(blank=True, verbose_name='decision and reasons')),
                    ('item_code', models.CharField(blank=True, max_length=20, verbose_name='item code on the list')),
                    ('applied_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='applied by')),
                    ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.orgunit', verbose_name='department')),
                    ('kinds', models.ManyToManyField(related_name='+', to='duties.communitykind', verbose_name='kinds of community')),
                    ('scheme', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='evaluation.scheme', verbose_name='assessment scheme')),
                ],
                options={
                    'db_table': 'duties_application',
                    'verbose_name': 'admission application',
                    'verbose_name_plural': 'admission applications',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='ApplicationStep',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('action', models.CharField(max_length=12, verbose_name='step')),
                    ('at', models.DateTimeField(verbose_name='at')),
                    ('note', models.TextField(blank=True, verbose_name='note')),
                    ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                    ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='burden.application', verbose_name='application')),
                ],
                options={
                    'db_table': 'duties_applicationstep',
                    'verbose_name': 'application step',
                    'verbose_name_plural': 'application steps',
                    'ordering': ['application', 'at', 'id'],
                },
            ),
            migrations.CreateModel(
                name='CommunityTask',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ('kind', models.CharField(choices=[('ledger', 'ledger (台账)'), ('report', 'report (报表)'), ('data', 'data collection'), ('meeting', 'meeting'), ('inspection', 'inspection')], max_length=12, verbose_name='kind of work')),
                    ('title', models.CharField(max_length=200, verbose_name='task')),
                    ('item_code', models.CharField(max_length=20, verbose_name='the admitted item it rests on')),
                    ('every', models.CharField(choices=[('once', 'once'), ('week', 'every week'), ('month', 'every month'), ('quarter', 'every quarter'), ('year', 'every year')], max_length=8, verbose_name='how often')),
                    ('first_due', models.DateField(verbose_name='first due')),
                    ('hours', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='hours each time')),
                    ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='areas.area', verbose_name='community')),
                    ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='pushed by')),
                    ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.orgunit', verbose_name='department')),
                ],
                options={
                    'db_table': 'duties_communitytask',
                    'verbose_name': 'community task',
                    'verbose_name_plural': 'community tasks',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='Refusal',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ('source', models.CharField(choices=[('task', 'task pushed'), ('dispatch', 'case dispatched'), ('complaint', 'complaint upheld')], default='task', max_length=10, verbose_name='how it came')),
                    ('what', models.CharField(max_length=200, verbose_name='what was asked')),
                    ('rule', models.CharField(max_length=400, verbose_name='rule cited')),
                    ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                    ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='areas.area', verbose_name='community')),
                    ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.orgunit', verbose_name='unit that pushed')),
                    ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='case')),
                ],
                options={
                    'db_table': 'duties_refusal',
                    'verbose_name': 'refused attempt',
                    'verbose_name_plural': 'refused attempts',
                    'ordering': ['-created_at'],
                },
            ),
            migrations.CreateModel(
                name='Complaint',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ('what', models.CharField(max_length=200, verbose_name='the work pushed')),
                    ('details', models.TextField(max_length=4000, verbose_name='how and when')),
                    ('hours', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='hours it takes a month')),
                    ('status', models.CharField(choices=[('open', 'awaiting the review office'), ('upheld', 'upheld: unadmitted work'), ('dismissed', 'dismissed')], default='open', max_length=10, verbose_name='status')),
                    ('finding', models.TextField(blank=True, verbose_name='finding and reasons')),
                    ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided at')),
                    ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case', verbose_name='case')),
                    ('community', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='areas.area', verbose_name='community')),
                    ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                    ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.orgunit', verbose_name='department that pushed the work')),
                    ('filed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='filed by')),
                ],
                options={
                    'db_table': 'duties_complaint',
                    'verbose_name': 'complaint of unadmitted work',
                    'verbose_name_plural': 'complaints of unadmitted work',
                    'ordering': ['-created_at'],
                },
            ),
            ],
        ),
        migrations.RunPython(make_missing_tables, drop_tables),
        migrations.RunPython(content_types_to_burden, content_types_to_duties),
    ]
