"""The catalogue as shipped: GB/T 47678.5-2026 parts and matters (``data/``), appeal types,
dispute classes and public-service items, with default limits and rules an admin then edits.

Default limits where the rules name them: exposed rubbish and a stop-work order on an illegal
structure 4 working hours; appeals: consult and help 3 working days, complaint, report and
suggestion 13 working days. The rest are conservative defaults per major class.
``load(apps)`` creates what is missing and never overwrites what an admin changed.
"""

from __future__ import annotations

import csv
import secrets
from decimal import Decimal
from pathlib import Path

from django.apps import apps as live_apps

from .selectors import ACTIVE_CLASSES

DATA = Path(__file__).resolve().parent / "data"

MATTER_CONDITIONS = (
    "位置在本区范围内，经核实问题属实，且属于本类事项。",
    "核查确认已按要求处置完毕，处置前后照片可对比。",
)

# (code, Chinese, English, order)
LOCAL_MAJORS = [
    ("AP", "群众诉求", "Resident appeals", 20),
    ("DS", "矛盾纠纷", "Disputes", 30),
    ("SV", "公共服务", "Public services", 40),
]

# Major class → (sign-for, handling, checking) as (amount, unit), evidence, anonymous, self-handle
MATTER_RULES = {
    "01": ((1, "hours"), (3, "days"), (4, "hours"), True, True, False),
    "02": ((1, "hours"), (3, "days"), (4, "hours"), True, True, False),
    "03": ((1, "hours"), (2, "days"), (4, "hours"), True, True, False),
    "04": ((1, "hours"), (3, "days"), (4, "hours"), True, True, False),
    "05": ((1, "hours"), (5, "days"), (4, "hours"), True, True, False),
    "06": ((1, "hours"), (1, "days"), (4, "hours"), True, True, True),
    "07": ((1, "hours"), (1, "days"), (4, "hours"), True, True, True),
    "08": ((1, "hours"), (1, "days"), (4, "hours"), True, True, False),
    "09": ((1, "hours"), (4, "hours"), (4, "hours"), True, True, True),
    "10": ((1, "hours"), (1, "days"), (4, "hours"), True, True, False),
}
# Classes whose handling limit differs from their major class (the named limits above).
HANDLING_OVERRIDES = {"06010": (4, "hours"), "06001": (4, "hours"), "08016": (4, "hours")}
URGENT = {"01001", "01002", "01003", "01005", "01011", "01021", "01057", "06037", "10002"}

UNADMITTED_WORK = "AP006"
# a resident's complaint about the service of the company managing their estate: dispatch is
# offered that company, the residents' committee following (civicgrid.estates)
PROPERTY_COMPLAINT = "AP007"
# answered on the spot from the knowledge base and closed at once (civicgrid.insight)
ANSWERABLE = {"AP001"}
# code, Chinese, English, handling (amount, unit), anonymous allowed, self-handle allowed
APPEALS = [
    ("AP001", "咨询", "Consultation", (3, "days"), True, True),
    ("AP002", "求助", "Request for help", (3, "days"), False, False),
    ("AP003", "投诉", "Complaint", (13, "days"), True, False),
    ("AP004", "举报", "Report of wrongdoing", (13, "days"), True, False),
    ("AP005", "建议", "Suggestion", (13, "days"), True, False),
    # a community reports a department pushing unadmitted work onto it (社区准入): not
    # offered to the public, routed to the review office (docs/admin-guide.md)
    (UNADMITTED_WORK, "社区反映未准入事项", "Unadmitted work pushed onto a community", (15, "days"),
     False, False),
    (PROPERTY_COMPLAINT, "物业服务投诉", "Complaint about a property company's service",
     (5, "days"), True, False),
]  # fmt: skip
DISPUTES = [
    ("DS001", "邻里纠纷", "Neighbour dispute", True),
    ("DS002", "物业纠纷", "Property management dispute", False),
    ("DS003", "劳动争议", "Labour dispute", False),
    ("DS004", "婚姻家庭纠纷", "Family dispute", True),
    ("DS005", "土地房屋纠纷", "Land or housing dispute", False),
    ("DS006", "消费纠纷", "Consumer dispute", False),
    ("DS099", "其他纠纷", "Other dispute", False),
]
SERVICES = [
    ("SV001", "居住证办理", "Residence permit", (5, "days")),
    ("SV002", "社保医保业务", "Social and medical insurance", (5, "days")),
    ("SV003", "低保及救助申请", "Minimum income and aid application", (10, "days")),
    ("SV004", "老年人服务（助餐、助浴、助医）", "Services for older people", (5, "days")),
    ("SV005", "残疾人服务", "Services for people with disabilities", (5, "days")),
    ("SV006", "就业登记与帮扶", "Employment registration and support", (5, "days")),
    ("SV007", "证明开具", "Certificates", (3, "days")),
    ("SV008", "计划生育与母婴服务", "Family planning and maternity services", (5, "days")),
]

# Extra questions shipped with a few classes (code, label, label_en, datatype, required, choices)
YES_NO = [
    {"key": "yes", "name": "是", "name_en": "Yes"},
    {"key": "no", "name": "否", "name_en": "No"},
]
# class code → its questions: (code, label, English label, type, required, choices)
QUESTIONS: dict[str, list[tuple[str, str, str, str, bool, list[dict[str, str]]]]] = {
    "06010": [
        (
            "volume",
            "垃圾量",
            "Amount of rubbish",
            "singlevaluelist",
            True,
            [
                {"key": "small", "name": "少量（一袋以内）", "name_en": "Small (up to a bag)"},
                {"key": "medium", "name": "中等（一车以内）", "name_en": "Medium (up to a cart)"},
                {"key": "large", "name": "大量", "name_en": "Large"},
            ],
        ),
    ],
    "06001": [
        ("area_m2", "估计面积（平方米）", "Estimated area (m²)", "number", False, []),
        (
            "under_construction",
            "是否正在施工",
            "Under construction now",
            "singlevaluelist",
            True,
            YES_NO,
        ),
    ],
    "06028": [
        (
            "source",
            "噪声来源",
            "Source of the noise",
            "multivaluelist",
            True,
            [
                {"key": "shop", "name": "商铺", "name_en": "Shop"},
                {"key": "site", "name": "工地", "name_en": "Construction site"},
                {"key": "home", "name": "住户", "name_en": "Household"},
                {"key": "other", "name": "其他", "name_en": "Other"},
            ],
        ),
        ("since", "开始时间", "Since when", "datetime", False, []),
    ],
    "DS001": [
        ("parties", "当事人数", "Number of parties", "number", True, []),
        ("summary", "纠纷经过", "What happened", "text", False, []),
    ],
    "AP003": [("subject", "被投诉对象", "Who or what the complaint is about", "string", True, [])],
    PROPERTY_COMPLAINT: [
        (
            "about",
            "投诉事项",
            "What the complaint is about",
            "singlevaluelist",
            False,
            [
                {"key": "cleaning", "name": "保洁", "name_en": "Cleaning"},
                {"key": "security", "name": "安保与门岗", "name_en": "Security and the gate"},
                {"key": "repairs", "name": "维修", "name_en": "Repairs"},
                {"key": "greening", "name": "绿化", "name_en": "Greening"},
                {"key": "parking", "name": "停车", "name_en": "Parking"},
                {"key": "fees", "name": "收费", "name_en": "Fees"},
                {"key": "attitude", "name": "服务态度", "name_en": "Attitude"},
                {"key": "other", "name": "其他", "name_en": "Other"},
            ],
        ),
    ],
    UNADMITTED_WORK: [
        ("department", "下派部门", "Department that pushed the work", "string", True, []),
        ("work", "下派的工作", "The work pushed", "string", True, []),
    ],
}


def initials(name: str) -> str:
    """Pinyin initials of the Chinese characters of ``name`` (暴露垃圾 → ``bllj``): a letter per
    character at most, so never longer than the name."""
    from pypinyin import Style, lazy_pinyin  # 56 MB: not in every process that imports this

    return "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()


def _read(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _limits(sign, handle, check) -> dict:
    return {
        "sign_limit": Decimal(sign[0]),
        "sign_unit": sign[1],
        "handle_limit": Decimal(handle[0]),
        "handle_unit": handle[1],
        "check_limit": Decimal(check[0]),
        "check_unit": check[1],
    }


def classes() -> tuple[list[dict], list[dict], list[dict]]:
    """(major classes, part types, case classes) as dicts of field values."""
    english = {(r["kind"], r["code"]): r["name_en"] for r in _read("names_en.csv")}
    rows = _read("gbt47678_5_catalogue.csv")
    parts = [
        {
            "code": r["code"],
            "major_code": r["major_code"],
            "major_name": r["major_name"],
            "name": r["name"],
            "name_en": english[("part", r["code"])],
        }
        for r in rows
        if r["kind"] == "part"
    ]
    part_en = {p["code"]: p["name_en"] for p in parts}
    majors, seen = [], set()
    result = []
    for r in rows:
        if r["kind"] != "matter":
            continue
        major = r["major_code"]
        if major not in seen:
            seen.add(major)
            majors.append(
                {
                    "kind": "matter",
                    "code": major,
                    "name": r["major_name"],
                    "name_en": english[("major", major)],
                    "order": int(major),
                }
            )
        sign, handle, check, evidence, anonymous, self_handle = MATTER_RULES[major]
        code = r["code"]
        is_part = code in part_en
        result.append(
            {
                "kind": "matter",
                "code": code,
                "major": major,
                "part": code if is_part else None,
                "name": r["name"],
                "name_en": f"{part_en[code]} defect" if is_part else english[("matter", code)],
                "registration_condition": MATTER_CONDITIONS[0],
                "closing_condition": MATTER_CONDITIONS[1],
                **_limits(sign, HANDLING_OVERRIDES.get(code, handle), check),
                "priority": "urgent" if code in URGENT else "routine",
                "evidence_required": evidence,
                "anonymous_allowed": anonymous,
                "self_handle_allowed": self_handle,
            }
        )
    for code, name, name_en, order in LOCAL_MAJORS:
        majors.append(
            {"kind": _KIND[code], "code": code, "name": name, "name_en": name_en, "order": order}
        )
    for code, name, name_en, handle, anonymous, self_handle in APPEALS:
        result.append(
            _local(code, name, name_en, (2, "hours"), handle, (1, "days"), anonymous, self_handle)
        )
    for code, name, name_en, self_handle in DISPUTES:
        result.append(
            _local(code, name, name_en, (1, "days"), (20, "days"), (2, "days"), False, self_handle)
        )
    for code, name, name_en, handle in SERVICES:
        result.append(_local(code, name, name_en, (4, "hours"), handle, (1, "days"), False, False))
    return majors, parts, result


_KIND = {"AP": "appeal", "DS": "dispute", "SV": "service"}


def _local(code, name, name_en, sign, handle, check, anonymous, self_handle) -> dict:
    return {
        "kind": _KIND[code[:2]],
        "code": code,
        "major": code[:2],
        "part": None,
        "name": name,
        "name_en": name_en,
        **_limits(sign, handle, check),
        "priority": "routine",
        "evidence_required": False,
        "anonymous_allowed": anonymous,
        "self_handle_allowed": self_handle,
        "answerable": code in ANSWERABLE,
    }


def load(apps=None) -> int:
    """Create every shipped major class, part type, class and question that is missing.

    Returns the number of classes created. Works with migration state (``apps``) or the live
    models; existing rows are left as the admin keeps them.
    """
    if apps is None:
        apps = live_apps
    MajorClass = apps.get_model("catalogue", "MajorClass")
    PartType = apps.get_model("catalogue", "PartType")
    CaseClass = apps.get_model("catalogue", "CaseClass")
    ClassQuestion = apps.get_model("catalogue", "ClassQuestion")
    majors, parts, rows = classes()
    major_by_code = {}
    for m in majors:
        major_by_code[m["code"]], _ = MajorClass.objects.get_or_create(code=m["code"], defaults=m)
    existing_parts = set(PartType.objects.values_list("code", flat=True))
    PartType.objects.bulk_create([PartType(**p) for p in parts if p["code"] not in existing_parts])
    part_by_code = {p.code: p for p in PartType.objects.all()}
    existing = set(CaseClass.objects.values_list("code", flat=True))
    # an earlier migration's state lacks the fields added since: its rows are made without them
    # (the migration that adds a field sets it on the rows already there)
    fields = {f.name for f in CaseClass._meta.get_fields()}
    new = [
        CaseClass(
            **{
                **{k: v for k, v in r.items() if k in fields},
                "major": major_by_code[r["major"]],
                "part": part_by_code.get(r["part"]),
                "initials": initials(r["name"]),
            }
        )
        for r in rows
        if r["code"] not in existing
    ]
    CaseClass.objects.bulk_create(new)
    created = {c.code for c in new}
    by_code = {c.code: c for c in CaseClass.objects.filter(code__in=created)}
    ClassQuestion.objects.bulk_create(
        [
            ClassQuestion(
                case_class=by_code[code],
                code=q[0],
                label=q[1],
                label_en=q[2],
                datatype=q[3],
                required=q[4],
                choices=q[5],
                order=i,
            )
            for code, questions in QUESTIONS.items()
            if code in by_code
            for i, q in enumerate(questions, start=1)
        ]
    )
    if new:
        _catalogue_changed(apps)
    return len(new)


def _catalogue_changed(apps) -> None:
    """bulk_create sends no signals: move the catalogue stamp here (see selectors.py)."""
    try:
        Stamp = apps.get_model("core", "Stamp")
    except LookupError:  # a migration state before the stamp table: no process has a cache yet
        return
    Stamp.objects.update_or_create(key="catalogue", defaults={"version": secrets.randbits(62)})
    ACTIVE_CLASSES.forget()
