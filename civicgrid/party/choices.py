"""The kinds of things party building records (DOMAIN.md §13). The values are stable: clients
and imports read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """What a party organisation is, from the street's committee down to a building's group."""

    STREET_COMMITTEE = "street_committee", _("street party working committee (街道党工委)")
    BIG_COMMITTEE = "big_committee", _("big party working committee (大党工委)")
    COMMUNITY_COMMITTEE = "community_committee", _("community party committee (社区党委)")
    GENERAL_BRANCH = "general_branch", _("general party branch (党总支)")
    BRANCH = "branch", _("party branch (党支部)")
    JOINT_BRANCH = "joint_branch", _("joint party branch (联合党支部)")
    GROUP = "group", _("party group (党小组)")
    LIAISON = "liaison", _("party-building liaison (党建联络员)")


# the committees on which stationed units hold seats
COMMITTEES = (Level.STREET_COMMITTEE, Level.BIG_COMMITTEE, Level.COMMUNITY_COMMITTEE)


class Setting(models.TextChoices):
    """Where an organisation is built (支部建在小区、企业, 党小组建在楼栋)."""

    AREA = "area", _("street or community")
    ESTATE = "estate", _("residential estate")
    BUILDING = "building", _("building")
    ENTERPRISE = "enterprise", _("non-public enterprise")
    SOCIAL_ORGANISATION = "social_organisation", _("social organisation")
    PROPERTY = "property", _("property management")
    INSTITUTION = "institution", _("agency or public institution")


class StationedKind(models.TextChoices):
    """Units stationed in the area (驻区单位)."""

    AGENCY = "agency", _("government agency")
    INSTITUTION = "institution", _("public institution (school, hospital …)")
    STATE_ENTERPRISE = "state_enterprise", _("state-owned enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("private enterprise")
    MILITARY = "military", _("military unit")
    OTHER = "other", _("other")


class SeatPost(models.TextChoices):
    PART_TIME_MEMBER = "part_time_member", _("part-time committee member (兼职委员)")
    MEMBER_UNIT = "member_unit", _("member unit (成员单位)")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")
    TERMINATED = "terminated", _("terminated")


class Side(models.TextChoices):
    COMMUNITY = "community", _("the community")
    UNIT = "unit", _("the stationed unit")


class ReviewRating(models.TextChoices):
    """The community party body's rating of a stationed unit's part in co-building (审查、评价)."""

    EXCELLENT = "excellent", pgettext_lazy("review", "excellent")
    GOOD = "good", pgettext_lazy("review", "good")
    FAIR = "fair", pgettext_lazy("review", "fair")
    POOR = "poor", pgettext_lazy("review", "poor")


class Advice(models.TextChoices):
    """What the community party body recommends about one of a stationed unit's people (建议权)."""

    PROMOTION = "promotion", _("recommended for promotion")
    COMMENDATION = "commendation", _("recommended for commendation")
    CAUTION = "caution", _("to improve")


class Category(models.TextChoices):
    """What a need asks for and what a resource or a project serves."""

    ELDERLY = "elderly", _("elderly care")
    CHILDREN = "children", _("children and youth")
    HEALTH = "health", _("health")
    ENVIRONMENT = "environment", _("environment and sanitation")
    SAFETY = "safety", _("safety")
    CULTURE = "culture", _("culture and education")
    EMPLOYMENT = "employment", _("employment")
    HARDSHIP = "hardship", _("families in hardship")
    OTHER = "other", _("other")


class ResourceKind(models.TextChoices):
    VENUE = "venue", _("venue")
    FUNDS = "funds", _("funds")
    VOLUNTEERS = "volunteers", _("volunteers")
    EXPERTISE = "expertise", _("expertise")
    EQUIPMENT = "equipment", _("equipment or goods")
    OTHER = "other", _("other")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("open")
    MATCHED = "matched", _("matched to a project")
    MET = "met", _("met")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ProjectStatus(models.TextChoices):
    PUBLISHED = "published", _("published, open to claim")
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    DONE = "done", _("delivered")
    CANCELLED = "cancelled", _("cancelled")


class ProjectKind(models.TextChoices):
    """What list a project is on: co-building (a need met with the units' resources), a party
    organisation's party-building project published for claiming (党建项目认领), or a livelihood
    project (民生项目) counted by who sponsors it."""

    COBUILDING = "cobuilding", _("co-building project (共建项目)")
    PARTY = "party", _("party-building project (党建项目)")
    LIVELIHOOD = "livelihood", _("livelihood project (民生项目)")


class Sponsor(models.TextChoices):
    """Who runs a livelihood project: Nanhu's 2015 count of 456 named party organisations (85)
    and stationed cadres (50) among the sponsors."""

    PARTY_ORGANISATION = "party_organisation", _("a party organisation (基层党组织服务民生)")
    STATIONED_CADRES = "stationed_cadres", _("stationed cadres (驻挂干部为民办实事)")
    STATIONED_UNIT = "stationed_unit", _("a stationed unit")
    GOVERNMENT = "government", _("a government department")
    SOCIAL_ORGANISATION = "social_organisation", _("a social organisation")
    COMMUNITY = "community", _("the residents' committee or council")
    OTHER = "other", _("other")


class Claimant(models.TextChoices):
    """Who claims a party-building project (认领)."""

    ORGANISATION = "organisation", _("a party organisation")
    MEMBER = "member", _("a party member")
    STATIONED_UNIT = "stationed_unit", _("a stationed unit")


class MemberKind(models.TextChoices):
    """Why a member is on an organisation's roster here."""

    REGISTERED = "registered", _("organisational relationship here (组织关系在此)")
    REPORTED = "reported", _("in-service member reporting to the community (在职党员报到)")


class ActivityKind(models.TextChoices):
    """Members' activities the community logs (Nanhu's 亮身份: members show who they are)."""

    IDENTITY_DISPLAY = "identity_display", _("identity display (亮身份)")
    SERVICE = "service", _("service to residents (志愿服务)")
    STUDY = "study", _("study session")
    OTHER = "other", _("other")


class CreditCategory(models.TextChoices):
    """A member credit entry's ground (Nanhu's 党员信用)."""

    PARTICIPATION = "participation", _("took part in the organisation's activities")
    SERVICE = "service", _("served residents")
    PROMISE = "promise", _("kept a public promise (承诺践诺)")
    PRAISE = "praise", _("praised by residents")
    DEDUCTION = "deduction", _("deduction: promise broken or complaint upheld")
