"""The rater group of a property company's assessment (the residents' representatives where it
manages), and the template of the companies' year-end assessment (DOMAIN.md §16: Nanhu rates the
companies and blacklists bad ones; residents rate them at year end): service rules checked on
site, the complaints it led handled late or failing the check (points off per case, read from
the company's unit figures: an indicator item would leave a company with few complaints unrated,
which is the wrong way round) and the residents' rating."""

from decimal import Decimal

from django.db import migrations, models

NAME = "物业服务企业年度考核"
# (section, title, points, rule, rater, extra)
ITEMS = [
    ("服务规范", "收费标准与服务内容在小区公示", 10, "yes_no", "superior", {"evidence_required": True}),
    ("服务规范", "24 小时值班与报修响应", 10, "scale", "superior", {"scale_top": 5}),
    ("服务规范", "消防通道与安防设施（每处问题扣 2 分）", 10, "deduction", "third_party", {"deduction": 2}),
    ("服务规范", "保洁与绿化（每处问题扣 1 分）", 10, "deduction", "third_party", {"deduction": 1}),
    ("投诉处置", "投诉超期处置（每件扣 2 分）", 15, "deduction", "superior", {"deduction": 2}),
    ("投诉处置", "核查不合格返工（每件扣 2 分）", 15, "deduction", "superior", {"deduction": 2}),
    ("居民评议", "居民代表年终评议", 30, "scale", "owners", {"scale_top": 5}),
]  # fmt: skip
LEVELS = [
    {"name": "优秀", "min": 90},
    {"name": "合格", "min": 75},
    {"name": "基本合格", "min": 60},
    {"name": "不合格", "min": 0},
]


def create(apps, schema_editor):
    Scheme = apps.get_model("evaluation", "Scheme")
    SchemeItem = apps.get_model("evaluation", "SchemeItem")
    scheme = Scheme.objects.create(
        name=NAME, subject="unit", levels=LEVELS, template=True,
        description="服务规范实地检查、投诉处置指标与居民代表评议；不合格的企业列入黑名单。",
    )  # fmt: skip
    for n, (section, title, weight, rule, rater, extra) in enumerate(ITEMS):
        extra = dict(extra)
        if "deduction" in extra:
            extra["deduction"] = Decimal(extra["deduction"])
        SchemeItem.objects.create(scheme=scheme, section=section, title=title,
                                  weight=Decimal(weight), rule=rule, rated_by=rater, order=n,
                                  **extra)  # fmt: skip


def remove(apps, schema_editor):
    apps.get_model("evaluation", "Scheme").objects.filter(template=True, name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0007_worker_assessments")]

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
                ],
                max_length=12,
                verbose_name="scored by",
            ),
        ),
        migrations.RunPython(create, remove),
    ]
