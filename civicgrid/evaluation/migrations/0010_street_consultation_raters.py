"""The rater group of a street's assessment (its consultation committee), and the template of the
street's yearly review of its work (DOMAIN.md §18: Nanhu's 民意民智协调委员会 rates the street's
work): key work and livelihood projects scored by the district, and the committee's rating."""

from decimal import Decimal

from django.db import migrations, models

NAME = "街道工作实绩评议"
# (section, title, points, rule, rater, extra)
ITEMS = [
    ("重点工作", "年度重点工作完成情况", 30, "scale", "superior", {"scale_top": 5}),
    ("为民服务", "民生实事项目按期完成并公示", 20, "yes_no", "superior", {"evidence_required": True}),
    ("民意评议", "民意民智协调委员会评议街道工作实绩", 50, "scale", "consultation", {"scale_top": 5}),
]  # fmt: skip
LEVELS = [
    {"name": "满意", "min": 90},
    {"name": "基本满意", "min": 70},
    {"name": "不满意", "min": 0},
]


def create(apps, schema_editor):
    Scheme = apps.get_model("evaluation", "Scheme")
    SchemeItem = apps.get_model("evaluation", "SchemeItem")
    scheme = Scheme.objects.create(
        name=NAME, subject="unit", levels=LEVELS, template=True,
        description="街道年度重点工作、民生实事与民意民智协调委员会评议；结果作为街道考核依据。",
    )  # fmt: skip
    for n, (section, title, weight, rule, rater, extra) in enumerate(ITEMS):
        SchemeItem.objects.create(scheme=scheme, section=section, title=title,
                                  weight=Decimal(weight), rule=rule, rated_by=rater, order=n,
                                  **extra)  # fmt: skip


def remove(apps, schema_editor):
    apps.get_model("evaluation", "Scheme").objects.filter(template=True, name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0009_rewards_and_accountability")]

    operations = [
        migrations.AlterField(
            model_name="schemeitem",
            name="rated_by",
            field=models.CharField(
                choices=[
                    ("self", "self-assessment"),
                    ("superior", "superior"),
                    ("peer", "peers"),
                    ("resident", "residents"),
                    ("third_party", "third party"),
                    ("system", "computed"),
                    ("station", "the work station's staff"),
                    ("committee", "the residents' committee"),
                    ("owners", "residents' representatives where it manages"),
                    ("consultation", "the street consultation committee"),
                ],
                max_length=12,
                verbose_name="scored by",
            ),
        ),
        migrations.RunPython(create, remove),
    ]
