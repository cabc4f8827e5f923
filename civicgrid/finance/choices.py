"""Community finance's categories, sources and claim states (DOMAIN.md §15). The values are
stable: clients and imports read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    RUNNING = "running", _("running costs (工作经费)")
    PARTY = "party", _("party building (党建经费)")
    REWARD = "reward", _("rewards (奖励经费)")
    ALLOWANCE = "allowance", _("allowances (补贴)")
    PURCHASED = "purchased", _("purchased services (购买服务)")
    PROJECT = "project", _("projects (项目经费)")
    FUND = "fund", _("community fund (社区基金)")


class Source(models.TextChoices):
    DISTRICT = "district", _("district budget")
    STREET = "street", _("street budget")
    DEPARTMENT = "department", _("a department (funds follow duties)")
    LOTTERY = "lottery", _("lottery welfare fund (福彩公益金)")
    DONATION = "donation", _("donations")
    OTHER = "other", _("other")


class ClaimStatus(models.TextChoices):
    """A reimbursement (报账制): claimed with its receipts, reviewed, paid."""

    DRAFT = "draft", _("claimed: receipts being attached")
    SUBMITTED = "submitted", _("submitted for review")
    APPROVED = "approved", _("approved, to be paid")
    REFUSED = "refused", _("refused")
    PAID = "paid", _("paid")
    WITHDRAWN = "withdrawn", _("withdrawn")


# the claims that hold money on their budget line
HOLDING = (ClaimStatus.APPROVED, ClaimStatus.PAID)
