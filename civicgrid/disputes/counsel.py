"""Legal advisers and expert panels (DOMAIN.md §18: 「一社區一法律顧問」; 「组建专家研判组」), and the
counsel they give on disputes.

- Every community has a **legal adviser**, one at a time, appointed for a term by the leaders of
  the community or above; appointing the next ends the one before the day before.
- A street keeps **expert panels** of volunteer lawyers, deputies, retired judges and others; its
  leaders add and retire members.
- A mediator of a dispute records the **counsel** given on it — by the legal adviser of the
  dispute's community (or of another community of its street), or by an expert panel of its
  street — with the day and the opinion; it stays on the dispute's record.

Who sees them: the leaders and mediators of the place and of the places around it (a community's
mediator sees the street's panels). Phones are kept encrypted and shown masked.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.choices import Role
from civicgrid.accounts.models import User
from civicgrid.accounts.selectors import ancestor_paths
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core.checks import checked, past_day
from civicgrid.core.errors import ErrorCode, refused

from .models import Counsel, Dispute, ExpertPanel, LegalAdviser, PanelMember
from .services import require_roles

SEES = (Role.ADMIN, Role.LEADER, Role.MEDIATOR)


# -- who sees --------------------------------------------------------------------------------------
def _paths(user: User) -> list[str] | None:
    """The places whose advisers and panels the user sees (None: everywhere)."""
    if permissions.is_everywhere(user):
        return None
    return sorted({g.path for g in permissions.grants(user) if g.role in SEES})


def sees(user: User) -> bool:
    return _paths(user) != []


def _around(user: User, field: str) -> Q:
    """Rows whose area lies in one of the user's places, or holds one (a street's panel for a
    community's mediator)."""
    paths = _paths(user)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    above = {a for p in paths for a in ancestor_paths(p)}
    return permissions.paths_q(paths, f"{field}__path") | Q(**{f"{field}__path__in": above})


def advisers(user: User) -> QuerySet[LegalAdviser]:
    return LegalAdviser.objects.filter(_around(user, "area")).select_related("area")


def panels(user: User) -> QuerySet[ExpertPanel]:
    return ExpertPanel.objects.filter(_around(user, "area")).select_related("area")


def in_force(on: dt.date | None = None) -> QuerySet[LegalAdviser]:
    on = on or timezone.localdate()
    return LegalAdviser.objects.filter(starts_on__lte=on).filter(
        Q(ends_on=None) | Q(ends_on__gte=on)
    )


def for_dispute(dispute: Dispute) -> tuple[QuerySet[LegalAdviser], QuerySet[ExpertPanel]]:
    """Who may counsel on the dispute: the advisers in force in its street's communities (its
    own community's first) and its street's active panels."""
    codes = [c for c in dispute.case.grid.path.split("/") if c]
    street = "/".join(codes[:3]) + "/"
    community = "/".join(codes[:4]) + "/"
    found = in_force().filter(area__path__startswith=street).select_related("area")
    own = [a for a in found if a.area.path == community]
    others = [a for a in found if a.area.path != community]
    return (
        LegalAdviser.objects.filter(pk__in=[a.pk for a in own + others]),
        ExpertPanel.objects.filter(area__path=street, active=True),
    )


# -- legal advisers --------------------------------------------------------------------------------
def _keeps(actor: User, area: Area | None, level: int, field: str) -> Area:
    if area is None or area.level != level:
        raise refused(
            _("Choose a community.") if level == AreaLevel.COMMUNITY else _("Choose a street."),
            field, ErrorCode.REQUIRED,
        )  # fmt: skip
    if not permissions.can_lead(actor, area):
        raise refused(_("You do not lead this place."), field, ErrorCode.FORBIDDEN)
    return area


@transaction.atomic
def adviser_appoint(
    *, actor: User, area: Area | None, name: str, firm: str, starts_on: dt.date | None,
    phone: str = "",
) -> LegalAdviser:  # fmt: skip
    """The community's legal adviser from a day; the one before ends the day before."""
    area = _keeps(actor, area, AreaLevel.COMMUNITY, "area")
    Area.objects.select_for_update().filter(pk=area.pk).first()  # one appointment at a time
    if starts_on is None:
        raise refused(_("Give the day."), "starts_on", ErrorCode.REQUIRED)
    before = LegalAdviser.objects.filter(area=area).order_by("-starts_on", "-pk").first()
    if before is not None and before.starts_on >= starts_on:
        raise refused(_("A later appointment has begun already."), "starts_on")
    adviser = LegalAdviser(area=area, name=name.strip(), firm=firm.strip(), starts_on=starts_on,
                           appointed_by=actor)  # fmt: skip
    adviser.set_phone("phone", phone)
    checked(adviser)
    if before is not None and (before.ends_on is None or before.ends_on >= starts_on):
        before.ends_on = starts_on - dt.timedelta(days=1)
        before.save(update_fields=["ends_on", "updated_at"])
    adviser.save()
    return adviser


@transaction.atomic
def adviser_end(*, actor: User, adviser: LegalAdviser, ends_on: dt.date | None) -> LegalAdviser:
    adviser = LegalAdviser.objects.select_for_update(of=("self",)).select_related("area").get(
        pk=adviser.pk
    )  # fmt: skip
    _keeps(actor, adviser.area, AreaLevel.COMMUNITY, "adviser")
    if ends_on is None or ends_on < adviser.starts_on:
        raise refused(_("The appointment ends on or after the day it began."), "ends_on")
    if adviser.ends_on is not None and adviser.ends_on < timezone.localdate():
        raise refused(_("This appointment has ended."), "adviser", ErrorCode.CLOSED)
    adviser.ends_on = ends_on
    adviser.save(update_fields=["ends_on", "updated_at"])
    return adviser


# -- expert panels ---------------------------------------------------------------------------------
def panel_create(*, actor: User, area: Area | None, name: str) -> ExpertPanel:
    area = _keeps(actor, area, AreaLevel.STREET, "area")
    panel = ExpertPanel(area=area, name=name.strip())
    checked(panel)
    panel.save()
    return panel


def member_add(
    *, actor: User, panel: ExpertPanel, name: str, kind: str, organisation: str = "",
    phone: str = "",
) -> PanelMember:  # fmt: skip
    _keeps(actor, panel.area, AreaLevel.STREET, "panel")
    member = PanelMember(panel=panel, name=name.strip(), kind=kind,
                         organisation=organisation.strip())  # fmt: skip
    member.set_phone("phone", phone)
    checked(member)
    member.save()
    return member


@transaction.atomic
def member_retire(*, actor: User, member: PanelMember) -> PanelMember:
    member = PanelMember.objects.select_for_update(of=("self",)).select_related(
        "panel__area"
    ).get(pk=member.pk)  # fmt: skip
    _keeps(actor, member.panel.area, AreaLevel.STREET, "member")
    if not member.active:
        raise refused(_("This member has left already."), "member", ErrorCode.CLOSED)
    member.active = False
    member.save(update_fields=["active", "updated_at"])
    return member


# -- counsel on a dispute --------------------------------------------------------------------------
@transaction.atomic
def counsel_add(
    *, actor: User, dispute: Dispute, opinion: str, given_on: dt.date | None = None,
    adviser: LegalAdviser | None = None, panel: ExpertPanel | None = None,
) -> Counsel:  # fmt: skip
    """A mediator of the dispute records the counsel of an adviser or a panel of its street."""
    require_roles(actor, dispute.case, {Role.MEDIATOR})
    if (adviser is None) == (panel is None):
        raise refused(_("Choose the legal adviser or the expert panel."), "adviser",
                      ErrorCode.REQUIRED)  # fmt: skip
    advisers_, panels_ = for_dispute(dispute)
    if adviser is not None and not advisers_.filter(pk=adviser.pk).exists():
        raise refused(_("Choose an adviser of the dispute's street, serving today."), "adviser")
    if panel is not None and not panels_.filter(pk=panel.pk).exists():
        raise refused(_("Choose an active expert panel of the dispute's street."), "panel")
    given_on = past_day(given_on, "given_on")
    if not opinion.strip():
        raise refused(_("Give the opinion."), "opinion", ErrorCode.REQUIRED)
    counsel = Counsel(dispute=dispute, adviser=adviser, panel=panel, given_on=given_on,
                      opinion=opinion.strip(), recorded_by=actor)  # fmt: skip
    checked(counsel)
    counsel.save()
    return counsel
