"""Linking cases as one matter (similar cases, issue #21 §2): those who register and dispatch a
case (its operators, shift leads and dispatchers) link it to another case they see, or undo the
link; both cases keep running, and each page lists the other."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts.choices import Role
from civicgrid.cases.models import Case
from civicgrid.cases.services.transition import case_roles
from civicgrid.core.errors import DomainError, ErrorCode, NotPermitted

from .link_models import CaseLink

LINKERS = frozenset({Role.OPERATOR, Role.SHIFT_LEAD, Role.DISPATCHER})


def may_link(user, case: Case) -> bool:
    return bool(case_roles(user, case) & LINKERS)


def linked(user, case: Case) -> list[Case]:
    """The cases linked to ``case`` that ``user`` sees, newest first."""
    pairs = CaseLink.objects.filter(Q(first=case) | Q(second=case)).values_list("first", "second")
    others = {a if b == case.pk else b for a, b in pairs}
    return list(
        Case.objects.visible_to(user).filter(pk__in=others).select_related("case_class")
        .order_by("-reported_at", "-pk")
    )  # fmt: skip


def _other(actor, case: Case, number: str) -> Case:
    if not may_link(actor, case):
        raise NotPermitted(_("Only those who register or dispatch this case link it."))
    other = Case.objects.visible_to(actor).filter(number=(number or "").strip()).first()
    if other is None or other.pk == case.pk:
        raise DomainError(
            _("Give the number of another case you can see."), code=ErrorCode.INVALID,
            field="other",
        )  # fmt: skip
    return other


@transaction.atomic
def link(*, actor, case: Case, number: str, now: dt.datetime | None = None) -> CaseLink:
    other = _other(actor, case, number)
    first, second = sorted((case.pk, other.pk))
    made, _created = CaseLink.objects.get_or_create(
        first_id=first, second_id=second,
        defaults={"linked_by": actor, "at": now or timezone.now()},
    )  # fmt: skip
    return made


@transaction.atomic
def unlink(*, actor, case: Case, number: str) -> None:
    other = _other(actor, case, number)
    first, second = sorted((case.pk, other.pk))
    CaseLink.objects.filter(first_id=first, second_id=second).delete()
