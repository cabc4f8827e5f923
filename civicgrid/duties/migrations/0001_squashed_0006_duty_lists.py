"""The duty lists' history in one migration: their kinds of community (urban communities, the
default, and villages), versions and items. It replaces the first six, which also made the
admission applications, tasks, refusals and complaints (now ``civicgrid.burden``'s, whose first
migration takes over their tables) and linked the admitted assessments' items to evaluation's
schemes and score cards (now ``evaluation.AdmittedAssessment``, whose migration moves the links),
and so depended on the cases and evaluation. A database that applied those six takes this one as
applied; the lists' migrations depend on nothing above the rules."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


def create_kinds(apps, schema_editor):
    kind = apps.get_model("duties", "CommunityKind")
    kind.objects.get_or_create(code="urban", defaults={"name": "城市社区", "default": True})
    kind.objects.get_or_create(code="village", defaults={"name": "村"})


def remove_kinds(apps, schema_editor):
    apps.get_model("duties", "CommunityKind").objects.filter(
        code__in=["urban", "village"], versions__isnull=True
    ).delete()


class Migration(migrations.Migration):

    replaces = [
        ("duties", "0001_duty_lists"),
        ("duties", "0002_kinds"),
        ("duties", "0003_admitted_assessment_links"),
        ("duties", "0004_admission"),
        ("duties", "0005_tasks_and_refusals"),
        ("duties", "0006_complaints_and_dispatch_refusals"),
    ]

    initial = True

    dependencies = [
        ("accounts", "0001_initial"),
        ("areas", "0002_stamp_moved_to_core"),
        ("catalogue", "0004_public_and_service_type"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='CommunityKind',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('code', models.SlugField(max_length=30, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=60, verbose_name='name')),
                ('default', models.BooleanField(default=False, help_text='One kind applies to every community not listed under another.', verbose_name='for communities not assigned to a kind')),
                ('areas', models.ManyToManyField(blank=True, related_name='+', to='areas.area', verbose_name='communities of this kind')),
            ],
            options={
                'verbose_name': 'kind of community',
                'verbose_name_plural': 'kinds of community',
                'ordering': ['code'],
            },
        ),
        migrations.CreateModel(
            name='ListVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('list_type', models.CharField(choices=[('statutory', 'statutory duties (依法履职)'), ('assisting', 'assisting tasks (协助工作)'), ('negative', 'negative list (退出事务)'), ('assessment', 'admitted assessments (考核准入)')], max_length=12, verbose_name='list')),
                ('number', models.PositiveIntegerField(verbose_name='version')),
                ('effective_from', models.DateField(verbose_name='in force from')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='what changed')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='made by')),
                ('kind', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='versions', to='duties.communitykind', verbose_name='kind of community')),
            ],
            options={
                'verbose_name': 'list version',
                'verbose_name_plural': 'list versions',
                'ordering': ['kind', 'list_type', '-number'],
            },
        ),
        migrations.CreateModel(
            name='ListItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=20, verbose_name='item code')),
                ('title', models.CharField(max_length=200, verbose_name='item')),
                ('basis', models.CharField(blank=True, max_length=300, verbose_name='legal or policy basis')),
                ('hours_per_month', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=7, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='hours a month')),
                ('reports_per_year', models.PositiveIntegerField(default=0, verbose_name='reports a year')),
                ('meetings_per_year', models.PositiveIntegerField(default=0, verbose_name='meetings a year')),
                ('funding_per_year', models.DecimalField(decimal_places=2, default=Decimal('0'), max_digits=12, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='funding a year (yuan)')),
                ('effective_from', models.DateField(blank=True, null=True, verbose_name='from')),
                ('effective_to', models.DateField(blank=True, null=True, verbose_name='until')),
                ('case_classes', models.ManyToManyField(blank=True, related_name='+', to='catalogue.caseclass', verbose_name='case classes (negative list: never dispatched to communities)')),
                ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.orgunit', verbose_name='department')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='items', to='duties.listversion', verbose_name='list version')),
            ],
            options={
                'verbose_name': 'list item',
                'verbose_name_plural': 'list items',
                'ordering': ['version', 'code'],
            },
        ),
        migrations.AddConstraint(
            model_name='listversion',
            constraint=models.UniqueConstraint(fields=('kind', 'list_type', 'number'), name='uniq_duty_list_version'),
        ),
        migrations.AddConstraint(
            model_name='listitem',
            constraint=models.UniqueConstraint(fields=('version', 'code'), name='uniq_duty_item_code'),
        ),
        migrations.RunPython(create_kinds, remove_kinds),
    ]
