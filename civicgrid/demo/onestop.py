"""The demo district's service guide: the items its street service centres (社区事务受理服务中心)
take, each with the office that decides it, its kind and promised time, its price and the
materials to bring (some may follow later, 容缺); and the first centre's hall: four windows and
this morning's numbers, taken, called, served, one who did not come, some still waiting."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.onestop import queue
from civicgrid.onestop.models import Material, ServiceItem, Ticket, Window

ID_CARD = ("居民身份证", "both", 1, False, "")
HOUSEHOLD_BOOK = ("户口簿", "both", 1, False, "")
PHOTO = ("近期一寸免冠照片", "original", 2, True, "可现场拍摄")
BANK = ("本人银行卡", "copy", 1, True, "用于发放补贴")

# code, name, category, office ("" the street's service centre; else a department's code),
# class, conditions, kind, days, price, fee, online, by proxy, materials
ITEMS = [
    (
        "FW0101",
        "居住证办理",
        "residence",
        "DEPT-ga",
        "SV001",
        "在本区合法稳定居住满半年，并有合法稳定就业、合法稳定住所或连续就读之一的非本市户籍人员。",
        "promised",
        15,
        "free",
        0,
        False,
        True,
        [
            ID_CARD,
            ("居住登记凭证", "original", 1, False, ""),
            ("劳动合同或营业执照（就业）", "copy", 1, True, "就读的提供在读证明"),
            PHOTO,
        ],
    ),
    (
        "FW0201",
        "城乡居民医保参保登记",
        "social_security",
        "",
        "SV002",
        "本区户籍或持居住证、未参加职工医保的居民。",
        "instant",
        0,
        "free",
        0,
        True,
        True,
        [ID_CARD, HOUSEHOLD_BOOK],
    ),
    (
        "FW0301",
        "最低生活保障申请",
        "aid",
        "DEPT-mz",
        "SV003",
        "家庭人均收入低于本市低保标准、家庭财产符合规定的本区户籍家庭。",
        "promised",
        30,
        "free",
        0,
        False,
        True,
        [
            ID_CARD,
            HOUSEHOLD_BOOK,
            ("家庭成员收入证明", "original", 1, True, "无业的由社区出具说明"),
            ("家庭经济状况核对授权书", "original", 1, False, "每位家庭成员签字"),
            BANK,
        ],
    ),
    (
        "FW0302",
        "临时救助申请",
        "aid",
        "DEPT-mz",
        "SV003",
        "因火灾、交通事故、突发重大疾病等导致基本生活暂时出现严重困难的家庭或个人。",
        "upward",
        15,
        "free",
        0,
        False,
        True,
        [
            ID_CARD,
            ("困难情况说明及证明材料", "original", 1, True, "如医疗费用票据、事故认定书"),
            BANK,
        ],
    ),
    (
        "FW0401",
        "老年人助餐服务申请",
        "elderly",
        "",
        "SV004",
        "本社区年满 70 周岁的老年人，独居、纯老家庭优先。",
        "promised",
        5,
        "discounted",
        Decimal("8"),
        True,
        True,
        [ID_CARD],
    ),
    (
        "FW0402",
        "高龄老人营养补贴申请",
        "elderly",
        "DEPT-mz",
        "SV004",
        "年满 90 周岁的本区户籍老年人。",
        "promised",
        10,
        "free",
        0,
        False,
        True,
        [ID_CARD, HOUSEHOLD_BOOK, BANK],
    ),
    (
        "FW0501",
        "残疾人两项补贴申请",
        "disability",
        "DEPT-mz",
        "SV005",
        "持第二代残疾人证、符合困难残疾人生活补贴或重度残疾人护理补贴条件的本区户籍残疾人。",
        "promised",
        20,
        "free",
        0,
        False,
        True,
        [ID_CARD, ("第二代残疾人证", "both", 1, False, ""), BANK],
    ),
    (
        "FW0601",
        "就业失业登记",
        "employment",
        "",
        "SV006",
        "在法定劳动年龄内、有劳动能力和就业要求的本区常住人员。",
        "instant",
        0,
        "free",
        0,
        True,
        False,
        [ID_CARD, ("解除或终止劳动合同证明", "copy", 1, True, "失业登记时提供")],
    ),
    (
        "FW0701",
        "社区证明开具",
        "certificates",
        "",
        "SV007",
        "本社区居民因办理事务需社区出具的居住、家庭情况等证明。",
        "instant",
        0,
        "free",
        0,
        True,
        True,
        [ID_CARD, ("用途说明", "original", 1, False, "写明证明用途和接收单位")],
    ),
    (
        "FW0801",
        "生育登记",
        "family",
        "DEPT-wj",
        "SV008",
        "夫妻一方为本区户籍或持本区居住证的育龄夫妇。",
        "instant",
        0,
        "free",
        0,
        True,
        False,
        [("夫妻双方居民身份证", "copy", 1, False, ""), ("结婚证", "copy", 1, False, "")],
    ),
    (
        "FW0901",
        "小家电维修",
        "life",
        "",
        "",
        "辖区居民；电视、电饭煲、电风扇等小家电。",
        "instant",
        0,
        "discounted",
        Decimal("10"),
        False,
        False,
        [],
    ),
    (
        "FW0902",
        "修伞补鞋",
        "life",
        "",
        "",
        "辖区居民。",
        "instant",
        0,
        "discounted",
        Decimal("5"),
        False,
        False,
        [],
    ),
]


# the national regulations these items rest on (the rest: the district's own service rules)
LEGAL_BASIS = {
    "FW0101": "《居住证暂行条例》（国务院令第663号）",
    "FW0301": "《社会救助暂行办法》（国务院令第649号）",
    "FW0302": "《社会救助暂行办法》（国务院令第649号）",
    "FW0501": "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
}


def service_guide() -> None:
    centre = OrgUnit.objects.filter(kind="service_centre").order_by("code").first()
    if centre is None:
        return
    offices = {u.code: u for u in OrgUnit.objects.filter(code__startswith="DEPT-")}
    for (code, name, category, office, case_class, conditions, kind, days, price, fee, online,
         proxy, materials) in ITEMS:  # fmt: skip
        item = ServiceItem(
            code=code, name=name, category=category, office=offices.get(office, centre),
            case_class=case_class, conditions=conditions, kind=kind, promised_days=days,
            price=price, fee=Decimal(str(fee)), online=online, by_proxy=proxy,
            legal_basis=LEGAL_BASIS.get(code, ""),
        )  # fmt: skip
        item.full_clean()
        item.save()
        Material.objects.bulk_create(
            Material(item=item, position=n, name=m, form=form, copies=copies, may_follow=follow,
                     note=note)
            for n, (m, form, copies, follow, note) in enumerate(materials, start=1)
        )  # fmt: skip


WINDOWS = [
    (1, "综合窗口", []),
    (2, "综合窗口", []),
    (3, "社保就业窗口", ["social_security", "employment"]),
    (4, "民政救助窗口", ["aid", "elderly", "disability"]),
]


def service_hall(rng: random.Random, now: dt.datetime) -> None:
    """The first centre's windows and the numbers of this morning so far (the hall opens at
    8:30; nothing is made for later than now)."""
    centre = OrgUnit.objects.filter(kind="service_centre").order_by("code").first()
    if centre is None:
        return
    windows = [Window.objects.create(centre=centre, number=n, name=name, categories=cats)
               for n, name, cats in WINDOWS]  # fmt: skip
    clerk = User.objects.get(username="leader")  # the district's leader may run any hall
    now = timezone.localtime(now)
    opens = now.replace(hour=8, minute=30, second=0, microsecond=0)
    if now <= opens:
        return
    categories = ["residence", "social_security", "aid", "elderly", "certificates", "employment"]
    moment = opens
    while moment < now and Ticket.objects.filter(centre=centre).count() < 40:
        queue.take(actor=clerk, centre=centre, category=rng.choice(categories), now=moment)
        moment += dt.timedelta(minutes=rng.randint(2, 9))
    calls = opens + dt.timedelta(minutes=4)
    while calls < now - dt.timedelta(minutes=20):
        window = rng.choice(windows)
        called = queue.call_next(actor=clerk, window=window, now=calls)
        if called is not None and rng.random() < 0.05:
            queue.absent(actor=clerk, window=window, now=calls + dt.timedelta(minutes=3))
        calls += dt.timedelta(minutes=rng.randint(3, 8))
