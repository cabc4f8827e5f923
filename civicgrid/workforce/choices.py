"""The posts of a community's workforce and where their pay comes from (DOMAIN.md §14). The values
are stable: clients and imports read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Post(models.TextChoices):
    STATION_STAFF = "station_staff", _("work-station staff (社区工作站)")
    FULL_TIME_MEMBER = "full_time_member", _("full-time committee member (专职委员)")
    PART_TIME_MEMBER = "part_time_member", _("part-time committee member (兼职委员)")
    GRID_LEADER = "grid_leader", _("grid leader (网格长)")
    BUILDING_HEAD = "building_head", _("building head (楼栋长)")
    SOCIAL_WORKER = "social_worker", _("social worker (社工)")
    AUXILIARY = "auxiliary", _("auxiliary (协管员)")
    LIAISON = "liaison", _("liaison officer (群众工作联络员)")


# posts held on top of a job or a life in the grid: paid by an allowance, not on the pay scale
ALLOWANCE_POSTS = (Post.PART_TIME_MEMBER, Post.GRID_LEADER, Post.BUILDING_HEAD)


class Funding(models.TextChoices):
    DISTRICT = "district", _("district budget")
    STREET = "street", _("street budget")
    PURCHASED = "purchased", _("purchased service (agency)")
    DEPARTMENT = "department", _("a department's funds")
    COMMUNITY = "community", _("community funds")


class Leaving(models.TextChoices):
    """Why a worker left: a grid leader's term ends, is not renewed, or they are dismissed on the
    year-end assessment (002「作为奖惩及辞退、续聘的依据」)."""

    TERM_ENDED = "term_ended", _("term ended")
    NOT_RENEWED = "not_renewed", _("not renewed")
    RESIGNED = "resigned", _("resigned")
    DISMISSED = "dismissed", _("dismissed")
    POST_MERGED = "post_merged", _("post merged or cut")
    OTHER = "other", _("other")


class SelectionStatus(models.TextChoices):
    NOMINATING = "nominating", _("taking nominations")
    SELECTED = "selected", _("open selection held")
    APPOINTED = "appointed", _("appointed")
    CANCELLED = "cancelled", _("cancelled")


class NominatedBy(models.TextChoices):
    """Who puts a resident forward (002「民主推荐」): the grid's own bodies and people."""

    RESIDENTS_GROUP = "residents_group", _("a residents' group")
    BUILDING_COMMITTEE = "building_committee", _("a building committee")
    OWNERS_COMMITTEE = "owners_committee", _("the owners' committee")
    PROPERTY = "property", _("the property company")
    STATIONED_UNIT = "stationed_unit", _("a stationed unit")
    PARTY = "party", _("a party organisation")
    SELF = "self", _("self-nominated")


class BoardRole(models.TextChoices):
    """Who a building entrance's responsibility board shows (Shushan, 002「一人负责、多人协同」)."""

    GRID_LEADER = "grid_leader", _("grid leader")
    POLICE = "police", _("community police officer")
    PARTY_HEAD = "party_head", _("party-building head")


class DailyKind(models.TextChoices):
    """A day's record of a worker's work (002: the residents' committee assesses grid leaders
    daily): work done is recorded as it is, a commendation adds points, a lapse takes them off."""

    DUTY = "duty", _("duty done (记实)")
    VISIT = "visit", _("households visited (走访)")
    COMMENDED = "commended", _("commended (表扬)")
    COMPLAINT = "complaint", _("complaint upheld (投诉属实)")
    ABSENT = "absent", _("absent from duty (缺岗)")
    LAPSE = "lapse", _("task not done (未完成任务)")


# the sign a record's points must have: +1 above nothing, -1 below, 0 exactly nothing
DAILY_SIGN = {
    DailyKind.DUTY: 0,
    DailyKind.VISIT: 0,
    DailyKind.COMMENDED: 1,
    DailyKind.COMPLAINT: -1,
    DailyKind.ABSENT: -1,
    DailyKind.LAPSE: -1,
}
