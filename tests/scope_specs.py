"""What the scope harness (test_scope.py) knows of each route that names an object.

Every URL pattern and every REST API operation whose path names an object is listed here, either
in ``PAGES``/``API`` — how to find such an object in the demo district, the area it belongs to, and
who may open it — or in ``EXEMPT`` with the reason it has no territorial scope. A new route that is
in neither makes ``test_every_route_is_classified`` fail, so no page or endpoint escapes the
harness (the way NetBox generates its permission tests for every model).

A spec's ``pick`` returns one object of the demo district; ``path`` gives the area path it belongs
to (``/``-separated codes, district first). The harness then makes two users with the same role on
a unit of the same kind: one on the street (or community) holding the object, one on another. The
first must get 200, the second 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from civicgrid.accounts.choices import Role, UnitKind
from civicgrid.areas.models import Area
from civicgrid.campaigns import models as campaigns
from civicgrid.cases.choices import Action
from civicgrid.cases.models import Case
from civicgrid.commercial import models as commercial
from civicgrid.disputes.models import Dispute, PanelMember
from civicgrid.estates import models as estates
from civicgrid.finance import models as finance
from civicgrid.onestop import models as onestop
from civicgrid.orgs.models import Organisation, Tender
from civicgrid.participation.models import Call, Council, Meeting, Project, Spending
from civicgrid.party import models as party
from civicgrid.registry.models import Building, Household, Person
from civicgrid.workforce import models as workforce


@dataclass(frozen=True)
class Spec:
    pick: Callable[[], Any]  # an object of the demo district
    path: Callable[[Any], str]  # the area path it belongs to
    kwargs: Callable[[Any], dict]  # the route's arguments for it
    role: str = Role.DISPATCHER
    unit_kind: str = UnitKind.STREET_OFFICE
    level: str = "street"  # the grant sits on the object's street or community
    method: str = "get"
    grant: dict = field(default_factory=dict)  # view_pii, tag_clearance


def _first(model, **filters):
    def pick():
        obj = model.objects.filter(**filters).order_by("pk").first()
        assert obj is not None, f"the demo district has no {model.__name__} {filters}"
        return obj

    return pick


def _models():
    return SimpleNamespace(
        Area=Area, Case=Case, Dispute=Dispute, Organisation=Organisation, Tender=Tender,
        Call=Call, Council=Council, Meeting=Meeting, Project=Project, Spending=Spending,
        Building=Building, Household=Household, Person=Person,
    )  # fmt: skip


def _specs() -> tuple[dict, dict]:
    m = _models()
    grid = _first(m.Area, level=5)
    community = _first(m.Area, level=4)
    area_path = lambda a: a.path  # noqa: E731
    on_grid = lambda o: o.grid.path  # noqa: E731
    by_pk = lambda o: {"pk": o.pk}  # noqa: E731
    by_code = lambda a: {"code": a.code}  # noqa: E731
    register = {"role": Role.GRID_LEADER, "grant": {"view_pii": True, "tag_clearance": 3}}
    case = _first(m.Case, grid__isnull=False, kind="matter")
    dispute_case = lambda: m.Dispute.objects.select_related("case__grid").first().case  # noqa: E731
    call = _first(m.Call, area__level__gte=4)
    call_path = lambda c: c.area.path  # noqa: E731
    project = _first(m.Project)
    project_path = lambda p: p.proposal.call.area.path  # noqa: E731
    leads = {"role": Role.LEADER}
    committee = _first(party.PartyOrganisation, level="big_committee")
    on_unit = lambda o: o.unit.area.path  # noqa: E731
    stationed = _first(party.StationedUnit)
    area_of = lambda o: o.area.path  # noqa: E731
    agreement = _first(party.Agreement)
    agreement_path = lambda a: a.party_organisation.unit.area.path  # noqa: E731
    need = _first(party.Need)
    # an application is the centre's: its people and its area's leaders (and its office's people)
    at_centre = lambda a: a.centre.area.path  # noqa: E731
    by_number = lambda a: {"number": a.number}  # noqa: E731
    application = _first(onestop.Application)

    pages = {
        "onestop:application": Spec(application, at_centre, by_number, **leads),
        "onestop:receipt": Spec(
            _first(onestop.Application, accepted_at__isnull=False), at_centre, by_number, **leads
        ),
        "onestop:notice": Spec(
            _first(onestop.Application, status="notified"), at_centre, by_number, **leads
        ),
        "areas:detail": Spec(grid, area_path, by_code, role=Role.SUPERVISOR),
        "areas:map": Spec(grid, area_path, by_code, role=Role.SUPERVISOR),
        "areas:export": Spec(grid, area_path, by_code, role=Role.ADMIN),
        "registry:person": Spec(_first(m.Person), on_grid, by_pk, **register),
        "registry:household": Spec(_first(m.Household), on_grid, by_pk, **register),
        "registry:building": Spec(_first(m.Building), on_grid, by_pk, **register),
        "registry:person_reveal": Spec(_first(m.Person), on_grid, by_pk, method="post", **register),
        "registry:visit_create": Spec(
            _first(m.Household), on_grid, by_pk, method="post", **register
        ),
        "cases:detail": Spec(case, on_grid, by_pk),
        "cases:act": Spec(
            case, on_grid, lambda c: {"pk": c.pk, "action": "supervise"}, method="post"
        ),
        "disputes:detail": Spec(
            dispute_case,
            on_grid,
            lambda c: {"case_id": c.pk},
            role=Role.MEDIATOR,
            unit_kind=UnitKind.MEDIATION_CENTRE,
        ),
        "duties:burden_community": Spec(community, area_path, by_code, **leads),
        "participation:call": Spec(call, call_path, by_pk, **leads),
        "participation:call_act": Spec(
            call, call_path, lambda c: {"pk": c.pk, "action": "propose"}, method="post", **leads
        ),
        "participation:project": Spec(project, project_path, by_pk, **leads),
        "participation:receipt": Spec(
            _first(m.Spending), lambda s: project_path(s.project), by_pk, **leads
        ),
        "participation:council": Spec(_first(m.Council), call_path, by_pk, **leads),
        "participation:meeting": Spec(_first(m.Meeting), call_path, by_pk, **leads),
        "orgs:organisation": Spec(
            _first(m.Organisation, service_area__level__gte=3),
            lambda o: o.service_area.path,
            by_pk,
            **leads,
        ),
        "orgs:tender": Spec(_first(m.Tender, area__level__gte=3), call_path, by_pk, **leads),
        "party:organisation": Spec(committee, on_unit, by_pk, **leads),
        "party:unit": Spec(stationed, area_of, by_pk, **leads),
        "party:agreement": Spec(agreement, agreement_path, by_pk, **leads),
        "party:need": Spec(need, area_of, by_pk, **leads),
        "party:project": Spec(_first(party.Project), area_of, by_pk, **leads),
        "party:roster": Spec(committee, on_unit, by_pk, **leads),
        "workforce:worker": Spec(_first(workforce.Worker), area_of, by_pk, **leads),
        "workforce:board": Spec(_first(m.Building), lambda b: b.grid.parent.path, by_pk, **leads),
        "workforce:board_print": Spec(
            _first(m.Building), lambda b: b.grid.parent.path, by_pk, **leads
        ),
        "workforce:selection": Spec(
            _first(workforce.Selection), lambda s: s.grid.parent.path, by_pk, **leads
        ),
        "finance:account": Spec(community, area_path, by_code, **leads),
        "finance:claim": Spec(_first(finance.Claim), area_of, by_pk, **leads),
        "estates:estate": Spec(_first(estates.Estate), area_of, by_pk, **leads),
        "commercial:profile": Spec(_first(commercial.CommercialBuilding), area_of, by_pk, **leads),
        "campaigns:campaign": Spec(_first(campaigns.Campaign), area_of, by_pk, **leads),
    }
    api = {
        "/api/v1/areas/{code}": Spec(grid, area_path, by_code, role=Role.SUPERVISOR),
        "/api/v1/areas/{code}/geojson": Spec(grid, area_path, by_code, role=Role.SUPERVISOR),
        "/api/v1/buildings/{building_id}": Spec(
            _first(m.Building), on_grid, lambda o: {"building_id": o.pk}, **register
        ),
        "/api/v1/buildings/{building_id}/houses": Spec(
            _first(m.Building), on_grid, lambda o: {"building_id": o.pk}, **register
        ),
        "/api/v1/households/{household_id}": Spec(
            _first(m.Household), on_grid, lambda o: {"household_id": o.pk}, **register
        ),
        "/api/v1/households/{household_id}/visits": Spec(
            _first(m.Household), on_grid, lambda o: {"household_id": o.pk}, **register
        ),
        "/api/v1/persons/{person_id}": Spec(
            _first(m.Person), on_grid, lambda o: {"person_id": o.pk}, **register
        ),
        "/api/v1/cases/{case_id}": Spec(case, on_grid, lambda c: {"case_id": c.pk}),
        "/api/v1/cases/{case_id}/events": Spec(case, on_grid, lambda c: {"case_id": c.pk}),
        "/api/v1/cases/{case_id}/duplicates": Spec(case, on_grid, lambda c: {"case_id": c.pk}),
        "/api/v1/cases/{case_id}/dispute": Spec(
            dispute_case,
            on_grid,
            lambda c: {"case_id": c.pk},
            role=Role.MEDIATOR,
            unit_kind=UnitKind.MEDIATION_CENTRE,
        ),
        "/api/v1/community-burden/{code}": Spec(community, area_path, by_code, **leads),
        "/api/v1/service-applications/{number}": Spec(application, at_centre, by_number, **leads),
        "/api/v1/tenders/{tender_id}": Spec(
            _first(m.Tender, area__level__gte=3), call_path, lambda t: {"tender_id": t.pk}, **leads
        ),
        "/api/v1/party/organisations/{org_id}": Spec(
            committee, on_unit, lambda o: {"org_id": o.pk}, **leads
        ),
        "/api/v1/party/agreements/{agreement_id}": Spec(
            agreement, agreement_path, lambda a: {"agreement_id": a.pk}, **leads
        ),
        "/api/v1/party/needs/{need_id}/matches": Spec(
            need, area_of, lambda n: {"need_id": n.pk}, **leads
        ),
        "/api/v1/party/needs/{need_id}/withdraw": Spec(
            need, area_of, lambda n: {"need_id": n.pk}, method="post", **leads
        ),
        "/api/v1/workforce/selections/{selection_id}": Spec(
            _first(workforce.Selection),
            lambda s: s.grid.parent.path,
            lambda s: {"selection_id": s.pk},
            **leads,
        ),
        "/api/v1/workforce/boards/{building_id}": Spec(
            _first(m.Building),
            lambda b: b.grid.parent.path,
            lambda b: {"building_id": b.pk},
            **leads,
        ),
        "/api/v1/workforce/workers/{worker_id}": Spec(
            _first(workforce.Worker), area_of, lambda w: {"worker_id": w.pk}, **leads
        ),
        "/api/v1/finance/claims/{claim_id}": Spec(
            _first(finance.Claim), area_of, lambda c: {"claim_id": c.pk}, **leads
        ),
        # its PATCH (a body) in and out of scope: estates/tests/test_api_writes.py
        "/api/v1/estates/{estate_id}": Spec(
            _first(estates.Estate), area_of, lambda e: {"estate_id": e.pk}, **leads
        ),
        **{
            route: Spec(
                _first(campaigns.Campaign), area_of, lambda c: {"campaign_id": c.pk}, **leads
            )
            for route in (
                "/api/v1/campaigns/{campaign_id}",
                "/api/v1/campaigns/{campaign_id}/visits",
                "/api/v1/campaigns/{campaign_id}/findings",
            )
        },
        "/api/v1/councils/{council_id}/notices": Spec(
            _first(m.Council), call_path, lambda c: {"council_id": c.pk}, **leads
        ),
        "/api/v1/commercial-buildings/{profile_id}": Spec(
            _first(commercial.CommercialBuilding),
            area_of,
            lambda p: {"profile_id": p.pk},
            **leads,
        ),
        "/api/v1/estates/{estate_id}/complaints": Spec(
            _first(estates.Estate), area_of, lambda e: {"estate_id": e.pk}, **leads
        ),
        "/api/v1/party/projects/{project_id}/claims": Spec(
            _first(party.Project, kind="party"), area_of, lambda p: {"project_id": p.pk}, **leads
        ),
        # no body: the street's leader retires the member (200), another street's gets 404; the
        # rules (retired already, a mediator) in disputes/tests/test_api_counsel_writes.py
        "/api/v1/expert-panels/{panel_id}/members/{member_id}/retire": Spec(
            _first(PanelMember),
            lambda m: m.panel.area.path,
            lambda m: {"panel_id": m.panel_id, "member_id": m.pk},
            method="post",
            **leads,
        ),
    }
    api["/api/v1/workforce/selections/{selection_id}/cancellation"] = Spec(
        _first(workforce.Selection),
        lambda s: s.grid.parent.path,
        lambda s: {"selection_id": s.pk},
        method="post",
        **leads,
    )
    for step in ("submission", "withdrawal"):
        api[f"/api/v1/finance/claims/{{claim_id}}/{step}"] = Spec(
            _first(finance.Claim), area_of, lambda c: {"claim_id": c.pk}, method="post", **leads
        )
    # every action on a case is an operation of its own, with its own body: each answers an
    # empty POST in scope with anything but 404 (the case's state or the body refuses it), and
    # out of scope with 404 before its body is read
    for action in Action.values:
        api[f"/api/v1/cases/{{case_id}}/actions/{action}"] = Spec(
            case, on_grid, lambda c: {"case_id": c.pk}, method="post"
        )
    return pages, api


PAGES, API = _specs()

# Routes with an argument that is not an object of a place, and why they have no such scope.
EXEMPT = {
    "filters:delete": "a saved filter belongs to its owner: another user's answers 404 (web/tests)",
    "accounts:token_revoke": "a token belongs to its owner (accounts/tests)",
    "registry:export": "the argument is the kind of register; rows are visible_to (test_export)",
    "registry:import_confirm": "an import session belongs to the user who uploaded it",
    "registry:import_errors": "an import session belongs to the user who uploaded it",
    "registry:import_template": "a blank template, the same for everyone",
    "cases:bulk": "the argument is an action; each case is checked (cases/tests/test_bulk.py)",
    "cases:attachment": "checked with its case (cases/tests/test_views.py)",
    "cases:reporter_phone": "POST; only the operator who may call back now, else 404 whatever the "
    "scope (cases/tests/test_desk.py)",
    "duties:history": "duty lists are public",
    "duties:export": "duty lists are public",
    "duties:import": "district administrators only (burden/tests/test_lists.py)",
    "duties:complaint_decide": "the review office only (burden/tests/test_complaints.py)",
    "duties:application": "a department's own applications (burden/tests/test_admission.py)",
    "duties:application_act": "a department's own applications (burden/tests/test_admission.py)",
    "evaluation:round_results": "rating rounds rate units, not places (evaluation/tests)",
    "evaluation:round_rate": "rating rounds rate units, not places (evaluation/tests)",
    "evaluation:round_sheet": "rating rounds rate units, not places (evaluation/tests)",
    "evaluation:assessment_round": "assessments are seen by their subject (evaluation/tests)",
    "evaluation:assessment": "assessments are seen by their subject (evaluation/tests)",
    "evaluation:assessment_certificate": "assessments are seen by their subject",
    "evaluation:assessment_score": "assessments are seen by their subject",
    "evaluation:assessment_appeal": "assessments are seen by their subject",
    "evaluation:assessment_evidence": "assessments are seen by their subject",
    "evaluation:assessment_decide": "assessments are seen by their subject",
    "evaluation:assessment_rate": "a worker's raters and overseers (evaluation/tests)",
    "evaluation:assessment_verdict": "the party organisation's side (evaluation/tests)",
    "participation:public_call": "public page of a call",
    "participation:public_propose": "public page of a call (residents prove who they are)",
    "participation:public_vote": "public page of a call (residents prove who they are)",
    "participation:public_nominate": "public page of an election (residents prove who they are)",
    "onestop:item": "the service guide is public",
    "onestop:desk": "the centre's people and its area's leaders (onestop/tests/test_hall.py)",
    "onestop:kiosk": "the centre's people and its area's leaders (onestop/tests/test_hall.py)",
    "onestop:screen": "the hall's screen is public: numbers and windows only",
    "onestop:intake": "the centre's people and its area's leaders (onestop/tests)",
    "insight:article": "the knowledge base is the district's, read by all its staff (insight/tests)",
    "insight:article_edit": "administrators and the owning unit's people (insight/tests)",
    "insight:repeat": "those who see cases in its grid; the demo's bulk history raises none "
    "(insight/tests/test_repeats.py)",
    "insight:similar_case": "the case's staff, as its page (insight/tests/test_similar.py)",
    "insight:link": "POST; those who register or dispatch the case (insight/tests/test_similar.py)",
    "insight:rule_suggestion": "the district's administrators, who keep the routing rules "
    "(insight/tests/test_rule_suggestions.py)",
    "onestop:apply": "a service item of the public guide: residents and grid workers apply, "
    "proving who the applicant is (onestop/tests/test_application_pages.py)",
    "onestop:followed": "the applicant's page: opened by the receipt number with the applicant's "
    "name and ID number, or by the account that submitted it (onestop/tests)",
    "participation:public_rate": "public page of a project (residents prove who they are)",
    "portal:case": "public page: only what is published (cases/tests/test_portal.py)",
    "portal:rate": "the reporter's follow-up code decides (cases/tests/test_portal.py)",
    "portal:mine_case": "a resident's own report: another's answers 404 "
    "(cases/tests/test_resident_area.py)",
    "portal:photo": "a public photo of the resident's own report, else 404 "
    "(cases/tests/test_resident_area.py)",
    "open311:service": "the public catalogue",
    "open311:request": "Open311 publishes public requests only (open311/tests)",
    "open311:token": "the token is the secret",
    "open311:media": "photos of published requests only (open311/tests/test_media.py)",
    "open311:discovery": "public",
    "open311:services": "public",
    "open311:requests": "public",
    "open311:updates": "public",
    "open311:": "the catch-all answering the spec's 404",
    # REST API
    "/api/v1/tokens/{token_id}": "a token belongs to its owner (accounts/tests/test_api.py)",
    "/api/v1/units/{code}": "administrators of the unit's area (accounts/tests/test_api_org.py)",
    "/api/v1/users/{username}": "administrators of the user's units (test_api_org.py)",
    "/api/v1/role-assignments/{assignment_id}": "administrators (test_api_org.py)",
    "/api/v1/persons/{person_id}/reveal": "POST; the person's scope (registry/tests)",
    "/api/v1/cases/{case_id}/reporter-phone": "POST; only the operator who may call back now, "
    "else 404 whatever the scope (cases/tests/test_desk.py)",
    "/api/v1/catalogue/classes/{code}": "the catalogue is district-wide",
    "/api/v1/catalogue/classes/{code}/questions": "the catalogue is district-wide",
    "/api/v1/catalogue/classes/{code}/questions/{question_code}": "the catalogue",
    "/api/v1/cases/{case_id}/dispute/sessions": "POST; the dispute's scope",
    "/api/v1/cases/{case_id}/dispute/follow-ups": "POST; the dispute's scope",
    "/api/v1/routing/rules/{rule_id}": "district-wide rules",
    "/api/v1/routing/escalation-rules/{rule_id}": "district-wide rules",
    "/api/v1/routing/thresholds/{rule_id}": "district-wide rules",
    "/api/v1/calendar/{year}": "the district's calendar",
    "/api/v1/calendar/days/{date}": "the district's calendar",
    "/api/v1/score-cards/{card_id}/ranking": "score cards rank units (evaluation/tests)",
    "/api/v1/rating-rounds/{round_id}/sheets": "rating rounds rate units (evaluation/tests)",
    "/api/v1/rating-rounds/{round_id}/results": "rating rounds rate units (evaluation/tests)",
    "/api/v1/assessment-rounds/{round_id}/standings": "assessments: their subject",
    "/api/v1/assessments/{assessment_id}": "assessments: their subject",
    "/api/v1/assessments/{assessment_id}/scores": "assessments: their subject",
    "/api/v1/assessments/{assessment_id}/appeals": "assessments: their subject",
    "/api/v1/appeals/{appeal_id}/decision": "assessments: their subject",
    "/api/v1/assessments/{assessment_id}/group-ratings": "a worker's raters (evaluation/tests)",
    "/api/v1/worker-verdicts/{verdict_id}/decision": "the party organisation (evaluation/tests)",
    "/api/v1/schemes/{scheme_id}/copy": "district administrators' templates",
    "/api/v1/duty-lists/{kind}/{list_type}": "duty lists are public; import by administrators",
    "/api/v1/admission-applications/{application_id}/decision": "the review office",
    "/api/v1/admission-applications/{application_id}/withdrawal": "a department's own",
    "/api/v1/community-complaints/{complaint_id}/finding": "the review office",
    "/api/v1/micro-calls/{call_id}": "the public disclosure of a call",
    "/api/v1/micro-calls/{call_id}/proposals": "POST; the call's scope",
    "/api/v1/micro-proposals/{proposal_id}/deliberation": "POST; the call's scope",
    "/api/v1/micro-calls/{call_id}/ballots": "POST; residents prove who they are",
    "/api/v1/micro-calls/{call_id}/tally": "POST; the call's scope",
    "/api/v1/micro-calls/{call_id}/nominations": "POST; residents prove who they are",
    "/api/v1/service-items/{code}": "the service guide is public",
    "/api/v1/knowledge-articles/{article_id}": "the knowledge base is the district's, read by "
    "all its staff (insight/tests)",
    "/api/v1/repeat-alerts/{alert_id}": "those who see cases in its grid "
    "(insight/tests/test_api_dispatch.py)",
    "/api/v1/repeat-alerts/{alert_id}/handled": "POST with a body; those who see cases in its grid "
    "(insight/tests/test_api_dispatch.py)",
    "/api/v1/rule-suggestions/{suggestion_id}/decision": "POST with a body; the district's "
    "administrators (insight/tests/test_api_dispatch.py)",
    "/api/v1/service-items/{code}/applications": "POST; a public item: residents and grid "
    "workers apply, proving who the applicant is (onestop/tests/test_api_applications.py)",
    "/api/v1/service-centres/{code}/applications": "POST with a body; the centre's people and its "
    "area's leaders (onestop/tests/test_api_applications.py)",
    "/api/v1/service-applications/{number}/steps": "POST with a body; the application's scope "
    "(onestop/tests/test_api_applications.py)",
    "/api/v1/service-applications/{number}/rating": "POST with a body; the account that "
    "submitted it (onestop/tests/test_api_applications.py)",
    "/api/v1/service-applications/{number}/rating/answer": "POST with a body; the office "
    "responsible (onestop/tests/test_api_applications.py)",
    "/api/v1/micro-calls/{call_id}/options": "POST; the call's scope (participation/tests)",
    "/api/v1/micro-projects/{project_id}/progress": "POST; the call's scope",
    "/api/v1/micro-projects/{project_id}/spending": "POST; the call's scope",
    "/api/v1/micro-projects/{project_id}/acceptance": "POST; the call's scope",
    "/api/v1/micro-projects/{project_id}/ratings": "POST; residents prove who they are",
    "/api/v1/opinions/{opinion_id}/route": "POST; the opinion's area",
    "/api/v1/opinions/{opinion_id}/resolution": "POST; the opinion's area",
    "/api/v1/tenders/{tender_id}/bids": "POST; the tender's area",
    "/api/v1/tenders/{tender_id}/declaration": "POST; the tender's panel",
    "/api/v1/tenders/{tender_id}/scores": "POST; the tender's panel",
    "/api/v1/tenders/{tender_id}/award": "POST; the tender's area",
    "/api/v1/party/seats/{seat_id}/end": "POST with a body; in and out of scope in "
    "party/tests/test_api.py",
    "/api/v1/party/agreements/{agreement_id}/sign": "POST with a body; party/tests/test_api.py",
    "/api/v1/party/agreements/{agreement_id}/terminate": "POST with a body; "
    "party/tests/test_api.py",
    "/api/v1/party/agreements/{agreement_id}/commitments/{commitment_id}/done": "POST with a "
    "body; party/tests/test_api.py",
    "/api/v1/party/projects/{project_id}/progress": "POST with a body; party/tests/test_api.py",
    "/api/v1/party/claims/{claim_id}/delivery": "POST with a body; party/tests/test_members.py",
    "/api/v1/party/claims/{claim_id}/withdrawal": "POST with a body; party/tests/test_members.py",
    "/api/v1/party/members/{member_id}/leave": "POST with a body; party/tests/test_members.py",
    "/api/v1/workforce/workers/{worker_id}/leave": "POST with a body; workforce/tests/"
    "test_pages.py",
    "/api/v1/workforce/workers/{worker_id}/grade": "POST with a body; workforce/tests/"
    "test_pages.py",
    "/api/v1/workforce/workers/{worker_id}/training": "POST with a body; workforce/tests/"
    "test_pages.py",
    "/api/v1/workforce/boards/{building_id}/entries/{entry_id}/withdrawal": "POST with a "
    "body; workforce/tests/test_boards.py",
    "workforce:board_photo": "a board entry's photo; in and out of scope in "
    "workforce/tests/test_boards.py",
    "/api/v1/workforce/workers/{worker_id}/renew": "POST with a body; workforce/tests/"
    "test_selections.py",
    "/api/v1/workforce/workers/{worker_id}/daily-records": "the worker's leaders; workforce/"
    "tests/test_daily_and_figures.py",
    "/api/v1/workforce/daily-records/{record_id}/strike": "POST with a body; workforce/tests/"
    "test_daily_and_figures.py",
    "finance:statement": "public once published, else the place's leaders (finance/tests)",
    "finance:receipt_scan": "a claim's receipt scan: the claim's scope (finance/tests)",
    "/api/v1/finance/statements/{code}/{year}/{quarter}": "public once published, else the "
    "place's leaders (finance/tests)",
    "/api/v1/finance/claims/{claim_id}/receipts": "POST with a body; in and out of scope in "
    "finance/tests/test_api_claims.py",
    "/api/v1/finance/claims/{claim_id}/review": "POST with a body; in and out of scope in "
    "finance/tests/test_api_claims.py",
    "/api/v1/finance/claims/{claim_id}/payment": "POST with a body; in and out of scope in "
    "finance/tests/test_api_claims.py",
    **{
        route: "POST with a body; in and out of scope in estates/tests/test_api_writes.py"
        for route in (
            "/api/v1/estates/{estate_id}/terms",
            "/api/v1/estates/{estate_id}/terms/{term_id}/end",
            "/api/v1/property-blacklist/{entry_id}/lift",
        )
    },
    **{
        route: "POST with a body; in and out of scope in commercial/tests/test_api_writes.py"
        for route in (
            "/api/v1/commercial-buildings/{profile_id}/members",
            "/api/v1/commercial-buildings/{profile_id}/members/{member_id}/leave",
            "/api/v1/commercial-buildings/{profile_id}/agreements",
            "/api/v1/commercial-buildings/{profile_id}/activities",
            "/api/v1/commercial-buildings/{profile_id}/inspections",
            "/api/v1/commercial-buildings/{profile_id}/committee/members",
            "/api/v1/commercial-inspections/{inspection_id}/hazards",
            "/api/v1/commercial-hazards/{hazard_id}/case",
        )
    },
    "/api/v1/campaign-findings/{finding_id}/case": "POST with a body; campaigns/tests/"
    "test_campaigns.py",
    "/api/v1/commercial-buildings/{profile_id}/committee": "PUT with a body; in and out of "
    "scope in commercial/tests/test_api_writes.py",
    "/api/v1/expert-panels/{panel_id}/members": "POST with a body; in and out of scope in "
    "disputes/tests/test_api_counsel_writes.py",
    "/api/v1/legal-advisers/{adviser_id}/end": "POST with a body; in and out of scope in "
    "disputes/tests/test_api_counsel_writes.py",
    "/api/v1/workforce/volunteers/{volunteer_id}/hours": "POST with a body; in and out of "
    "scope in workforce/tests/test_api_volunteer_writes.py",
    "/api/v1/workforce/volunteers/{volunteer_id}/incentives": "POST with a body; in and out of "
    "scope in workforce/tests/test_api_volunteer_writes.py",
    "/api/v1/workforce/volunteers/{volunteer_id}/pairing": "POST with a body; in and out of "
    "scope in workforce/tests/test_api_volunteer_writes.py",
    "/api/v1/workforce/volunteers/{volunteer_id}/leave": "POST with a body; in and out of scope "
    "in workforce/tests/test_api_volunteer_writes.py",
    "/api/v1/campaigns/{campaign_id}/conclusion": "POST with a body; in and out of scope in "
    "campaigns/tests/test_api_conclude.py",
    "/api/v1/cases/{case_id}/dispute/counsel": "POST with a body; the dispute's mediators, in "
    "and out of scope in disputes/tests/test_api_counsel_writes.py",
    "/api/v1/workforce/selections/{selection_id}/nominations": "POST with a body; "
    "workforce/tests/test_selections.py",
    "/api/v1/workforce/selections/{selection_id}/hold": "POST with a body; "
    "workforce/tests/test_selections.py",
    "/api/v1/workforce/selections/{selection_id}/appoint": "POST with a body; "
    "workforce/tests/test_selections.py",
}
