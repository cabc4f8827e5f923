"""The refusals of residents' participation: who may act is asked of accounts.permissions.

- The area's leaders and administrators make and run a micro-project call (paper ballots, the
  count, the projects) and make councils (``permissions.can_lead``).
- The council deliberates a call's proposals: council members whose community the call's area
  lies in, or the area's leaders where it has no council (``permissions.can_deliberate``); an
  election's candidates are put on the ballot by the election committee, the community's leaders
  (``puts_on_ballot``).
- The area's leaders and its council members convene meetings, collect and route opinions and
  record claims (``permissions.can_convene``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import User
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError, ErrorCode

from .models import Call, Purpose


def require_runs_call(actor: User, call: Call) -> None:
    """Refused unless ``actor`` runs ``call`` (its paper ballots, its count)."""
    if not permissions.can_lead(actor, call.area):
        raise DomainError(_("You do not run this call."), code=ErrorCode.FORBIDDEN, field="call")


def puts_on_ballot(user: User, call: Call) -> bool:
    """Who decides what goes on ``call``'s ballot."""
    if call.purpose == Purpose.ELECTION:
        return permissions.can_lead(user, call.area)
    return permissions.can_deliberate(user, call.area)


def require_convenes(actor: User, area: Area, field: str = "area") -> None:
    """Refused unless ``actor`` runs the community's councils, meetings and opinions."""
    if not permissions.can_convene(actor, area):
        raise DomainError(
            _("You do not run this community's councils."), code=ErrorCode.FORBIDDEN, field=field
        )
