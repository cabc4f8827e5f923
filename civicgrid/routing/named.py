"""Responsibility that a record names rather than a rule: a few cases have their unit named by
something a higher floor keeps — a complaint about a property company's service goes to whoever
manages the estate the case lies in (``estates``), a task a council or a joint meeting gave to a
unit goes to that unit (``participation``). Those apps hand a resolver in at start-up
(``AppConfig.ready()``, as docs/layers.md says a lower floor takes a callback); routing asks the
resolvers before its rules, and the first suggestion one of them gives is the suggestion.

A resolver takes the case and returns a :class:`Suggestion`, or
``None`` to leave the case to the rules. It is asked for every case a dispatcher sees, so it
looks at the case's own columns first and reads the database only for the cases it concerns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from civicgrid.accounts.models import OrgUnit

from .models import ResponsibilityRule


@dataclass
class Suggestion:
    """Who should handle a case: the lead unit (none when the dispatcher must choose), the
    cooperating units, the rule that says so (none for the territorial block or a record's
    naming), and why, in words the dispatcher reads."""

    lead_unit: OrgUnit | None
    cooperating: list[OrgUnit] = field(default_factory=list)
    rule: ResponsibilityRule | None = None
    reason: str = ""


Resolver = Callable[[Any], Suggestion | None]
_RESOLVERS: list[Resolver] = []


def resolve_with(resolver: Resolver) -> None:
    """Ask ``resolver`` about every case routed from now on (once, however often it is handed)."""
    if resolver not in _RESOLVERS:
        _RESOLVERS.append(resolver)


def named(case: Any) -> Suggestion | None:
    """The first resolver's suggestion for ``case``, if any names a unit."""
    for resolver in _RESOLVERS:
        found = resolver(case)
        if found is not None and found.lead_unit is not None:
            return found
    return None
