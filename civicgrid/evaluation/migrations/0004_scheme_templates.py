"""The four assessment schemes every district gets as templates to copy: the ISO-style
quality certification of party organisations, the grid-worker assessment, the third-party
assessment of city management and the joint annual assessment (联考)."""

from decimal import Decimal

from django.db import migrations

# (section, title, points, rule, rater, extra)
TEMPLATES = [
    {
        "name": "党组织标准化建设质量认证",
        "description": "凡事有规定、规定必执行、执行必记录、记录必检查、考核必有效（ISO 式质量认证）。",
        "subject": "unit",
        "levels": [
            {"name": "五星", "min": 95},
            {"name": "四星", "min": 85},
            {"name": "三星", "min": 75},
        ],
        "items": [
            ("凡事有规定", "制度清单覆盖组织生活、党员管理与阵地建设", 10, "yes_no", "superior", {"evidence_required": True}),
            ("凡事有规定", "岗位职责与工作流程成文并公开", 10, "scale", "superior", {"scale_top": 5}),
            ("规定必执行", "“三会一课”按计划召开", 10, "scale", "superior", {"scale_top": 5, "evidence_required": True}),
            ("规定必执行", "主题党日每月开展（每缺一次扣 2 分）", 10, "deduction", "superior", {"deduction": 2}),
            ("执行必记录", "会议记录与活动台账完整规范", 10, "scale", "third_party", {"scale_top": 5, "evidence_required": True}),
            ("执行必记录", "党员积分记录及时", 10, "yes_no", "superior", {}),
            ("记录必检查", "每季度自查并形成报告", 10, "yes_no", "self", {"evidence_required": True}),
            ("记录必检查", "上级抽查问题整改销号（每项未销号扣 2 分）", 10, "deduction", "superior", {"deduction": 2}),
            ("考核必有效", "群众满意度测评", 10, "scale", "resident", {"scale_top": 5}),
            ("考核必有效", "考核结果用于评先评优与整改", 10, "yes_no", "superior", {}),
        ],
    },
    {
        "name": "网格员考核（日常记录与年度评议）",
        "description": "日常工作按系统记录计分，年度由社区与居民评议。",
        "subject": "person",
        "levels": [
            {"name": "优秀", "min": 90},
            {"name": "称职", "min": 75},
            {"name": "基本称职", "min": 60},
            {"name": "不称职", "min": 0},
        ],
        "items": [
            ("日常记录", "有效上报率", 20, "indicator", "system", {"indicator": "valid_report_rate"}),
            ("日常记录", "按时核实率", 15, "indicator", "system", {"indicator": "on_time_verify_rate"}),
            ("日常记录", "按时核查率", 15, "indicator", "system", {"indicator": "on_time_check_rate"}),
            ("日常记录", "漏报率", 10, "indicator", "system", {"indicator": "missed_rate"}),
            ("日常记录", "入户走访完成情况", 10, "scale", "superior", {"scale_top": 5}),
            ("日常记录", "工作日志（每缺一周扣 1 分）", 10, "deduction", "superior", {"deduction": 1}),
            ("年度评议", "社区评议", 10, "scale", "superior", {"scale_top": 5}),
            ("年度评议", "居民评议", 10, "scale", "resident", {"scale_top": 5}),
        ],
    },
    {
        "name": "城市管理第三方考评",
        "description": "第三方机构实地检查市容与设施，结合案件处置与群众满意度。",
        "subject": "area",
        "levels": [
            {"name": "优", "min": 90},
            {"name": "良", "min": 80},
            {"name": "中", "min": 70},
            {"name": "差", "min": 0},
        ],
        "items": [
            ("市容环境", "暴露垃圾、乱堆乱放（每处扣 1 分）", 20, "deduction", "third_party", {"deduction": 1, "evidence_required": True}),
            ("市容环境", "占道经营（每处扣 1 分）", 15, "deduction", "third_party", {"deduction": 1, "evidence_required": True}),
            ("公共设施", "公共设施完好", 15, "scale", "third_party", {"scale_top": 5}),
            ("案件处置", "结案率", 20, "indicator", "system", {"indicator": "closing_rate"}),
            ("案件处置", "按期结案率", 20, "indicator", "system", {"indicator": "on_time_closing_rate"}),
            ("群众满意", "满意率", 10, "indicator", "system", {"indicator": "satisfaction_rate"}),
        ],
    },
    {
        "name": "年度联考（职能部门）",
        "description": "指标、块考条评议与重点任务合并的年度联合考核。",
        "subject": "unit",
        "levels": [
            {"name": "优秀", "min": 90},
            {"name": "良好", "min": 80},
            {"name": "合格", "min": 60},
            {"name": "不合格", "min": 0},
        ],
        "items": [
            ("处置指标", "处置率", 20, "indicator", "system", {"indicator": "handling_rate"}),
            ("处置指标", "按期处置率", 20, "indicator", "system", {"indicator": "on_time_handling_rate"}),
            ("处置指标", "返工率", 10, "indicator", "system", {"indicator": "rework_rate"}),
            ("块考条", "街道、社区与居民代表评议", 10, "scale", "peer", {"scale_top": 5}),
            ("重点任务", "年度重点任务完成情况", 20, "scale", "superior", {"scale_top": 5, "evidence_required": True}),
            ("群众投诉", "有效投诉（每件扣 2 分）", 10, "deduction", "third_party", {"deduction": 2}),
            ("自评", "年度自评报告", 10, "yes_no", "self", {"evidence_required": True}),
        ],
    },
]


def create(apps, schema_editor):
    Scheme = apps.get_model("evaluation", "Scheme")
    SchemeItem = apps.get_model("evaluation", "SchemeItem")
    for t in TEMPLATES:
        scheme = Scheme.objects.create(
            name=t["name"],
            description=t["description"],
            subject=t["subject"],
            levels=t["levels"],
            template=True,
        )
        for n, (section, title, weight, rule, rater, extra) in enumerate(t["items"]):
            extra = dict(extra)
            if "deduction" in extra:
                extra["deduction"] = Decimal(extra["deduction"])
            SchemeItem.objects.create(
                scheme=scheme,
                section=section,
                title=title,
                weight=Decimal(weight),
                rule=rule,
                rated_by=rater,
                order=n,
                **extra,
            )


def remove(apps, schema_editor):
    apps.get_model("evaluation", "Scheme").objects.filter(
        template=True, name__in=[t["name"] for t in TEMPLATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0003_assessment_schemes")]
    operations = [migrations.RunPython(create, remove)]
