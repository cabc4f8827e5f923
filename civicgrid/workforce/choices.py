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
