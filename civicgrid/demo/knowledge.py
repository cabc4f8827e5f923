"""The demo district's knowledge base: what its hotline operators answer most, each article
owned by the office that keeps it true (invented answers in the shape of real ones; no real
policy figures are claimed)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.cases.models import Case
from civicgrid.cases.services import Report, case_answer
from civicgrid.catalogue.models import CaseClass
from civicgrid.insight.knowledge import article_save
from civicgrid.insight.knowledge_models import Article
from civicgrid.onestop.models import ServiceItem

# title, answer, who is responsible, what the resident can do, keywords, classes, items, owner
ARTICLES = [
    (
        "居住证怎么办理",
        "在本区居住满半年并有合法稳定就业、住所或就读之一的，可到街道社区事务受理服务中心申请居住证。"
        "带身份证、居住登记凭证、就业或就读证明和照片；照片可现场拍摄。承诺 15 个工作日办结。",
        "街道社区事务受理服务中心；区公安分局人口管理部门",
        "先在社区办理居住登记；就业证明暂缺的可容缺受理，承诺日期内补交。",
        "居住证 暂住证 外地人 办证",
        ["AP001", "SV001"],
        ["FW0101"],
        "DEPT-ga",
    ),
    (
        "城乡居民医保怎么参保",
        "本区户籍或持居住证、未参加职工医保的居民可参加城乡居民医保，在服务中心窗口当场办理。",
        "街道社区事务受理服务中心（医保窗口）",
        "带身份证和户口簿到窗口；也可由网格员代办。",
        "医保 参保 看病 报销 交医保",
        ["AP001", "SV002"],
        ["FW0201"],
        "",
    ),
    (
        "最低生活保障怎么申请",
        "家庭人均收入低于本市低保标准、财产符合规定的本区户籍家庭，可向街道申请低保。"
        "经入户调查、民主评议和公示，区民政局审批，承诺 30 个工作日办结。",
        "街道社区事务受理服务中心；区民政局",
        "准备身份证、户口簿、收入证明和核对授权书；行动不便的可请网格员代办。",
        "低保 困难 救助 补助 生活费",
        ["AP001", "SV003"],
        ["FW0301"],
        "DEPT-mz",
    ),
    (
        "老年人助餐怎么报名",
        "社区长者食堂为本区 60 周岁以上老人提供助餐，高龄、独居和困难老人可申请送餐上门。",
        "所在社区居委会；街道养老服务中心",
        "到社区居委会登记，或打电话请网格员代为登记。",
        "助餐 送饭 老人吃饭 长者食堂",
        ["AP001", "SV004"],
        [],
        "",
    ),
    (
        "噪声扰民找谁",
        "社会生活噪声（商铺喇叭、广场舞、娱乐场所）由城管和公安按职责处理；建筑施工噪声由城管处理，"
        "夜间施工须有许可。可通过热线或网站反映，写明地点、时间和噪声来源。",
        "区城管执法局；属地派出所",
        "记录发生时间和来源，方便现场核查；邻里之间的噪声可先请社区调解。",
        "噪音 太吵 扰民 广场舞 音响 施工",
        ["06028", "08001"],
        [],
        "DEPT-zj",
    ),
    (
        "物业不作为怎么投诉",
        "对物业服务质量（保洁、安保、维修）的投诉由街道物业监管部门督促整改；"
        "物业费等争议属于物业纠纷，可申请人民调解。",
        "街道物业监管办；社区居委会",
        "先向物业书面报修或投诉并留存记录；整改不到位的再通过热线反映。",
        "物业 保洁 保安 报修 物业费",
        ["AP007", "DS002"],
        [],
        "",
    ),
    (
        "拖欠工资怎么办",
        "劳动者被拖欠工资，可向区人社局劳动保障监察投诉，或申请劳动争议调解和仲裁。",
        "区人力资源和社会保障局（劳动监察）",
        "保存劳动合同、考勤和工资记录；农民工欠薪可由工会和法律援助帮助。",
        "欠薪 拖欠工资 不发工资 包工头",
        ["DS003"],
        [],
        "",
    ),
    (
        "共享单车乱停放找谁",
        "共享单车停放秩序由运营企业负责，城管督促企业及时清运；乱停严重的可通过热线反映。",
        "区城管执法局；单车运营企业",
        "可在单车应用中举报乱停车辆，写明地点。",
        "共享单车 单车 乱停 扫码车",
        ["09011"],
        [],
        "DEPT-zj",
    ),
    (
        "社区证明怎么开",
        "居住、家庭情况等证明由社区居委会按实出具，当场办理；须说明用途和接收单位。",
        "所在社区居委会；街道社区事务受理服务中心",
        "带身份证和写明用途的说明；不属于社区职责的证明社区不开具。",
        "开证明 证明 居委会盖章",
        ["AP001", "SV007"],
        ["FW0701"],
        "",
    ),
    (
        "电梯困人怎么办",
        "电梯困人时请保持冷静，按轿厢内的警铃或拨打电梯内张贴的救援电话；"
        "物业或维保单位须在规定时间内到场救援，超时未到可拨打 110 或 119。",
        "物业服务企业；电梯维保单位；区市场监管局（特种设备）",
        "不要强行扒门；电梯经常故障可向市场监管部门反映。",
        "电梯 困人 关在电梯里 电梯坏了",
        ["01076"],
        [],
        "",
    ),
]


def knowledge_base(today: dt.date) -> None:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        return
    units = {u.code: u for u in OrgUnit.objects.filter(code__startswith="DEPT-")}
    centre = OrgUnit.objects.filter(kind="service_centre").order_by("code").first()
    for n, (title, answer, who, can, words, codes, items, owner) in enumerate(ARTICLES):
        keeper = units.get(owner) or centre
        if keeper is None:
            return
        article_save(
            actor=admin, title=title, answer=answer, responsible=who, resident_can=can,
            keywords=words, owner=keeper, active=True,
            review_by=today + dt.timedelta(days=-3 if n == 4 else 60 + 30 * n),
            classes=list(CaseClass.objects.filter(code__in=codes)),
            items=list(ServiceItem.objects.filter(code__in=items)), note="初稿",
        )  # fmt: skip


# what callers asked that the operator answered from an article while they were on the line
ASKED = [
    ("你好，我是外地来的，在这边上班，想问下居住证要怎么办", "居住证怎么办理"),
    ("请问城乡医保在哪里交，需要带什么", "城乡居民医保怎么参保"),
    ("家里老人生病没收入了，低保能不能申请，找谁", "最低生活保障怎么申请"),
]


def answered_on_the_spot(today: dt.date) -> None:
    """A few consultations of the last days answered from the knowledge base at once."""
    operator = User.objects.filter(username="operator").first()
    placed = Case.objects.filter(lon__isnull=False, grid__isnull=False).order_by("pk").first()
    if operator is None or placed is None:
        return
    for n, (said, title) in enumerate(ASKED):
        article = Article.objects.filter(title=title).first()
        if article is None:
            continue
        at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=n + 1),
                                                     dt.time(10, 15 + n)))  # fmt: skip
        case_answer(actor=operator, now=at, article=article.code, report=Report(
            case_class="AP001", description=said, channel="hotline", lon=placed.lon,
            lat=placed.lat, reporter_name="来电人"))  # fmt: skip
