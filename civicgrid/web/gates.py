"""Which pages a user may open, asked by the same predicates the pages' views ask: the menu and
the links between pages show a page only when it would open (never a link that answers 404).

A page without a gate here opens for everyone signed in; each gate is the view's own test."""

from __future__ import annotations

from collections.abc import Callable

from civicgrid.accounts.permissions import can_view_any_register, can_view_power_audit
from civicgrid.accounts.scope import top_case_area
from civicgrid.burden import figures as burden_figures
from civicgrid.burden.admission_views import may_list_applications
from civicgrid.burden.complaint_views import may_list_complaints
from civicgrid.burden.task_views import may_list_tasks
from civicgrid.campaigns.views import may_open as may_open_campaigns
from civicgrid.commercial.views import may_open as may_open_commercial
from civicgrid.disputes.counsel_views import may_open as may_open_advisers
from civicgrid.estates.views import may_open as may_open_estates
from civicgrid.evaluation.consequence_views import may_open as may_open_consequences
from civicgrid.evaluation.rounds import visible_units
from civicgrid.finance.views import may_open as may_open_finance
from civicgrid.insight.knowledge_views import may_open as may_open_knowledge
from civicgrid.insight.repeat_views import may_open as may_open_repeats
from civicgrid.insight.returns import may_decide as may_decide_rule_suggestions
from civicgrid.onestop.application_views import may_list as may_list_service_applications
from civicgrid.onestop.hall_views import may_open as may_open_halls
from civicgrid.orgs.views import may_list_organisations, may_list_subsidies
from civicgrid.participation.views import may_list_calls
from civicgrid.party.views import may_open as may_open_party
from civicgrid.web.phone import may_open
from civicgrid.workforce.views import may_open as may_open_workforce


def _command(user) -> bool:
    return top_case_area(user) is not None  # web/command.py: _chosen


def _burden(user) -> bool:
    return burden_figures.visible_communities(user).exists()


def _round_results(user) -> bool:
    return bool(visible_units(user))


GATES: dict[str, Callable] = {
    "accounts:power_audit": can_view_power_audit,
    "command": _command,
    "phone": may_open,
    "registry:persons": can_view_any_register,
    "registry:households": can_view_any_register,
    "registry:buildings": can_view_any_register,
    "registry:units": can_view_any_register,
    "participation:calls": may_list_calls,
    "duties:applications": may_list_applications,
    "duties:tasks": may_list_tasks,
    "duties:complaints": may_list_complaints,
    "duties:burden": _burden,
    "orgs:organisations": may_list_organisations,
    "orgs:subsidies": may_list_subsidies,
    "party:overview": may_open_party,
    "workforce:roster": may_open_workforce,
    "finance:overview": may_open_finance,
    "estates:list": may_open_estates,
    "commercial:list": may_open_commercial,
    "campaigns:list": may_open_campaigns,
    "onestop:centres": may_open_halls,
    "onestop:applications": may_list_service_applications,
    "insight:articles": may_open_knowledge,
    "insight:repeats": may_open_repeats,
    "insight:topics": may_open_repeats,
    "insight:rule_suggestions": may_decide_rule_suggestions,
    "disputes:advisers": may_open_advisers,
    "evaluation:round_results": _round_results,
    "evaluation:consequences": may_open_consequences,
}


def opens(user, name: str) -> bool:
    """May ``user`` open the page named ``name`` (answered once per request and page)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    gate = GATES.get(name)
    if gate is None:
        return True
    cache = user.__dict__.setdefault("_cg_opens", {})
    if name not in cache:
        cache[name] = bool(gate(user))
    return cache[name]
