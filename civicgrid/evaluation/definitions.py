"""The indicator library: what each figure is, exactly how it is made, and which way is better.

Indicators follow the CJ/T 292 → GB/T 30428.4 lineage. A count is a number of cases (or of
steps on the record) meeting a condition in the period; a rate is one count over another, in per
cent; an average is a mean over the cases counted. Every count has the cases behind it
(``evaluation/compute.py`` gives them), so every rate can be traced to its cases. The rates the
command centre shows too take their counts from ``civicgrid.cases.figures.RATES``, and their
counts' conditions from the same module, so both screens show one number for the same cases.

Cohorts: the area's closing figures follow the cases **registered** in the period, as they stand
at its end; a department's handling figures follow the cases **dispatched** to it in the period
(its latest dispatch), as they stand at its end. Counts of steps (dispatches, returns, rework)
count the steps taken in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override, pgettext_lazy

from civicgrid.accounts.choices import Role
from civicgrid.cases.figures import RATES

AREA, UNIT, PERSON, WORKER = "area", "unit", "person", "worker"
CASES, PARTY, WORKFORCE, FINANCE, ESTATES = "cases", "party", "workforce", "finance", "estates"
DISPUTES, COMMERCIAL, CAMPAIGNS = "disputes", "commercial", "campaigns"
ONESTOP, INSIGHT = "onestop", "insight"
PARTICIPATION = "participation"
HIGHER, LOWER, NEITHER = "higher", "lower", "neither"
UNITS = {
    "cases": _("cases"),
    "steps": _("times"),
    "%": "%",
    "hours": _("working hours"),
    "service": _("hours of service"),
    "members": _("members"),
    "projects": _("projects"),
    "people": _("people"),
    "records": _("records"),
    "grids": _("grids"),
    "households": _("households"),
    "yuan": _("yuan"),
    "points": _("points"),
    "communities": _("communities"),
    "estates": _("estates"),
    "meetings": _("meetings"),
    "tasks": _("tasks"),
    "buildings": _("buildings"),
    "hazards": _("hazards"),
    "campaigns": _("campaigns"),
    "visits": _("visits"),
    "findings": _("findings"),
    "notices": _("notices"),
    "opinions": _("opinions"),
    "elections": _("elections"),
    "votes": pgettext_lazy("unit", "votes"),
    "applications": _("applications"),
    "ratings": _("ratings"),
    "numbers": pgettext_lazy("unit", "numbers"),
    "alerts": _("alerts"),
}
DIRECTIONS = {HIGHER: _("higher is better"), LOWER: _("lower is better"), NEITHER: _("neither")}

# How a value is written, one rule for every page, chart and workbook: a rate as a percentage
# with one decimal, a count as a whole number, hours with one decimal, points and scores with two.
DECIMALS = {"cases": 0, "steps": 0, "%": 1, "hours": 1, "service": 1, "points": 2, "members": 0,
            "projects": 0, "people": 0, "records": 0, "grids": 0, "households": 1,
            "yuan": 2, "communities": 0, "estates": 0, "meetings": 0, "tasks": 0,
            "buildings": 0, "hazards": 0, "campaigns": 0, "visits": 0, "findings": 0,
            "notices": 0, "opinions": 0, "elections": 0, "votes": 0, "applications": 0,
            "ratings": 0, "numbers": 0, "alerts": 0}  # fmt: skip
MISSING = "—"  # nothing to divide by, or not scored


def rounded(unit: str, value: float | None) -> float | int | None:
    """``value`` rounded as ``unit`` is written (a workbook's cell, a chart's bar)."""
    if value is None:
        return None
    places = DECIMALS[unit]
    return round(value, places) if places else round(value)


def shown(unit: str, value: float | None, *, sign: bool = False) -> str:
    """``value`` as text: "87.5%", "12", "3.4", "91.25"; "—" when there is none."""
    if value is None:
        return MISSING
    text = f"{value:{'+' if sign else ''},.{DECIMALS[unit]}f}"
    return f"{text}%" if unit == "%" else text


def shown_change(unit: str, change: float | None) -> str:
    """A change against another period: points for a rate ("+1.5 pts" is written by the page
    with its translated word), per cent for a count, hours for a time; one decimal, signed."""
    if change is None:
        return MISSING
    return f"{change:+,.1f}"


class Row(Protocol):
    """What a report or a ranking shows of its subject: an area, a unit or a person
    (``selectors.Staff``)."""

    @property
    def pk(self) -> Any: ...

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...


@dataclass(frozen=True)
class Indicator:
    code: str
    subject: str  # AREA, UNIT, PERSON or WORKER (a community worker, civicgrid.workforce)
    name: str  # English msgid; Chinese from the catalogue
    unit: str  # "cases", "steps", "%", "hours"; "service": hours of service (no cases behind)
    direction: str
    formula: str
    numerator: str = ""  # for a rate or an average: the count on top
    denominator: str = ""  # … and the count below
    notes: str = ""
    role: str = ""  # for a person: the role whose work it measures
    # what is behind a count: cases (compute.cases_behind), party building's records
    # (civicgrid.party.figures: members, projects, commitments, needs, reviews), or the
    # workforce's (civicgrid.workforce.figures: workers, grids, households, allowances, records),
    # community finance's (civicgrid.finance.figures: budget lines, allocations, claims), or
    # property oversight's (civicgrid.estates.figures: estates)
    source: str = CASES

    @property
    def is_rate(self) -> bool:
        return bool(self.denominator)

    def describe(self) -> dict:
        """The definition in both languages, for the page and the API."""
        out = {
            "code": self.code,
            "subject": self.subject,
            "unit": self.unit,
            "direction": self.direction,
            "numerator": self.numerator or None,
            "denominator": self.denominator or None,
            "role": self.role or None,
            "source": self.source,
        }
        for lang, suffix in (("zh-hans", "zh"), ("en", "en")):
            with override(lang):
                out[f"role_{suffix}"] = str(Role(self.role).label) if self.role else ""
                out[f"name_{suffix}"] = str(self.name)
                out[f"formula_{suffix}"] = str(self.formula)
                out[f"notes_{suffix}"] = str(self.notes) if self.notes else ""
                out[f"unit_{suffix}"] = str(UNITS[self.unit])
                out[f"direction_{suffix}"] = str(DIRECTIONS[self.direction])
        return out


def _i(*args, **kwargs) -> Indicator:
    return Indicator(*args, **kwargs)


LIBRARY: tuple[Indicator, ...] = (
    # -- areas (streets, communities, grids, the district) -------------------------------------
    _i("reported", AREA, _("Reports"), "cases", NEITHER,
       _("Cases reported in the period, from every channel.")),
    _i("registered", AREA, _("Registered cases"), "cases", NEITHER,
       _("Cases registered (立案) in the period.")),
    _i("due_to_close", AREA, _("Cases due to close"), "cases", NEITHER,
       _("Of the cases registered in the period and not voided: those closed by its end, and "
         "those whose handling deadline fell before its end.")),
    _i("closed", AREA, _("Closed cases"), "cases", HIGHER,
       _("Of the cases registered in the period: those closed by its end.")),
    _i("closing_rate", AREA, _("Closing rate"), "%", HIGHER,
       _("Closed cases ÷ cases due to close × 100."), *RATES["closing_rate"]),
    _i("closed_on_time", AREA, _("Cases closed on time"), "cases", HIGHER,
       _("Of the closed cases: those handled by their handling deadline.")),
    _i("on_time_closing_rate", AREA, _("On-time closing rate"), "%", HIGHER,
       _("Cases closed on time ÷ cases due to close × 100."), *RATES["on_time_closing_rate"]),
    _i("public_registered", AREA, _("Registered public reports"), "cases", NEITHER,
       _("Cases registered in the period that residents reported (hotline, window, web, mobile, "
         "Open311).")),
    _i("public_report_rate", AREA, _("Public supervision rate"), "%", LOWER,
       _("Registered public reports ÷ registered cases × 100."), "public_registered",
       "registered",
       _("High when residents find what patrols should have found first.")),
    _i("self_handled", AREA, _("Self-handled cases"), "cases", HIGHER,
       _("Cases reported in the period that the grid worker fixed on the spot.")),
    _i("self_handled_rate", AREA, _("Self-handled rate"), "%", HIGHER,
       _("Self-handled cases ÷ reports × 100."), *RATES["self_handled_rate"]),
    _i("resolved_building", AREA, _("Closed at a building"), "cases", HIGHER,
       _("Closed cases resolved at a commercial building's mediation committee (矛盾不出楼宇).")),
    _i("resolved_grid", AREA, _("Closed at the grid"), "cases", HIGHER,
       _("Closed cases resolved at the grid tier (小事不出网格).")),
    _i("resolved_community", AREA, _("Closed at the community"), "cases", HIGHER,
       _("Closed cases resolved at the community tier (大事不出社区).")),
    _i("resolved_street", AREA, _("Closed at the street"), "cases", HIGHER,
       _("Closed cases resolved at the street tier (难事不出街道).")),
    _i("resolved_district", AREA, _("Closed at the district"), "cases", NEITHER,
       _("Closed cases resolved at the district tier.")),
    _i("building_share", AREA, _("Share closed at a building"), "%", HIGHER,
       _("Closed at a building ÷ closed cases × 100."), *RATES["building_share"]),
    _i("grid_share", AREA, _("Share closed at the grid"), "%", HIGHER,
       _("Closed at the grid ÷ closed cases × 100."), *RATES["grid_share"]),
    _i("community_share", AREA, _("Share closed at the community"), "%", HIGHER,
       _("Closed at the community ÷ closed cases × 100."), *RATES["community_share"]),
    _i("street_share", AREA, _("Share closed at the street"), "%", HIGHER,
       _("Closed at the street ÷ closed cases × 100."), *RATES["street_share"]),
    _i("handled_timed", AREA, _("Handled cases with a handling time"), "cases", NEITHER,
       _("Of the cases registered in the period: those handled by its end whose working time "
         "from dispatch to handled is on the record.")),
    _i("avg_handling_hours", AREA, _("Average handling time"), "hours", LOWER,
       _("Working hours from dispatch to handled, averaged over the handled cases."),
       "handling_hours", "handled_timed",
       _("Working hours: the district's working calendar, holidays and adjusted days included.")),
    _i("rated", AREA, _("Rated cases"), "cases", NEITHER,
       _("Of the cases registered in the period: those the reporter rated.")),
    _i("satisfied", AREA, _("Satisfied ratings"), "cases", HIGHER,
       _("Of the rated cases: rated satisfied or basically satisfied.")),
    _i("satisfaction_rate", AREA, _("Satisfaction rate"), "%", HIGHER,
       _("Satisfied ratings ÷ rated cases × 100."), *RATES["satisfaction_rate"]),
    _i("hotline_dispatched", AREA, _("Hotline cases dispatched"), "cases", NEITHER,
       _("12345 hotline cases registered in the period and dispatched to a unit.")),
    _i("hotline_responded", AREA, _("Hotline cases responded to"), "cases", HIGHER,
       _("Of those: signed for by the unit within the class's signing limit.")),
    _i("hotline_response_rate", AREA, _("Hotline response rate"), "%", HIGHER,
       _("Hotline cases responded to ÷ hotline cases dispatched × 100 (响应率)."),
       "hotline_responded", "hotline_dispatched"),
    _i("hotline_answered", AREA, _("Hotline cases with an answer on solving"), "cases",
       NEITHER, _("Hotline cases registered in the period whose reporter said whether the "
                  "problem was solved.")),
    _i("hotline_resolved", AREA, _("Hotline cases solved"), "cases", HIGHER,
       _("Of those: solved, in the reporter's words.")),
    _i("hotline_resolution_rate", AREA, _("Hotline resolution rate"), "%", HIGHER,
       _("Hotline cases solved ÷ hotline cases with an answer × 100 (解决率)."),
       "hotline_resolved", "hotline_answered"),
    _i("hotline_rated", AREA, _("Hotline cases rated"), "cases", NEITHER,
       _("Hotline cases registered in the period that the reporter rated.")),
    _i("hotline_satisfied", AREA, _("Hotline cases satisfied"), "cases", HIGHER,
       _("Of those: rated satisfied or basically satisfied.")),
    _i("hotline_satisfaction_rate", AREA, _("Hotline satisfaction rate"), "%", HIGHER,
       _("Hotline cases satisfied ÷ hotline cases rated × 100 (满意率)."),
       "hotline_satisfied", "hotline_rated"),
    _i("disputes_closed", AREA, _("Disputes closed"), "cases", NEITHER,
       _("Disputes registered in the period and closed by its end.")),
    _i("disputes_local", AREA, _("Disputes resolved locally"), "cases", HIGHER,
       _("Of those: resolved at a building, the grid or the community (就地化解).")),
    _i("local_resolution_rate", AREA, _("Local resolution rate"), "%", HIGHER,
       _("Disputes resolved locally ÷ disputes closed × 100 (就地化解率)."), "disputes_local",
       "disputes_closed"),
    # -- departments and their stationed teams --------------------------------------------------
    _i("dispatched", UNIT, _("Dispatches"), "steps", NEITHER,
       _("Cases dispatched to the unit in the period, counting each dispatch.")),
    _i("due_to_handle", UNIT, _("Cases due to handle"), "cases", NEITHER,
       _("Of the cases last dispatched to the unit in the period: those handled by its end, and "
         "those whose handling deadline fell before its end.")),
    _i("handled", UNIT, _("Handled cases"), "cases", HIGHER,
       _("Of the cases last dispatched to the unit in the period: those handled by its end.")),
    _i("handling_rate", UNIT, _("Handling rate"), "%", HIGHER,
       _("Handled cases ÷ cases due to handle × 100."), "handled", "due_to_handle"),
    _i("handled_on_time", UNIT, _("Cases handled on time"), "cases", HIGHER,
       _("Handled cases handled by their handling deadline.")),
    _i("on_time_handling_rate", UNIT, _("On-time handling rate"), "%", HIGHER,
       _("Cases handled on time ÷ cases due to handle × 100."), "handled_on_time",
       "due_to_handle"),
    _i("handled_late", UNIT, _("Cases handled late"), "cases", LOWER,
       _("Handled cases handled after their handling deadline.")),
    _i("overdue_unhandled", UNIT, _("Overdue, not handled"), "cases", LOWER,
       _("Cases last dispatched to the unit in the period, not handled by its end, whose "
         "handling deadline fell before its end.")),
    _i("rework", UNIT, _("Rework"), "steps", LOWER,
       _("Checks failed in the period (返工) on cases the unit leads.")),
    _i("rework_rate", UNIT, _("Rework rate"), "%", LOWER,
       _("Rework ÷ handled cases × 100."), "rework", "handled"),
    _i("returns", UNIT, _("Returns"), "steps", LOWER,
       _("Cases the unit returned in the period as not its duty (回退).")),
    _i("unit_handled_timed", UNIT, _("Handled cases with a handling time"), "cases", NEITHER,
       _("Handled cases whose working time from dispatch to handled is on the record.")),
    _i("unit_avg_handling_hours", UNIT, _("Average handling time"), "hours", LOWER,
       _("Working hours from dispatch to handled, averaged over the handled cases."),
       "unit_handling_hours", "unit_handled_timed"),
    _i("service_hours", UNIT, _("Service hours given"), "service", HIGHER,
       _("Hours of service recorded in the period on the unit's claims of micro-projects and "
         "volunteer tasks (认领), with its units below; no cases behind it.")),
)  # fmt: skip


def _pb(code, name, unit, direction, formula, numerator="", denominator="", notes=""):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, notes, source=PARTY
    )


# -- party building in an area (DOMAIN.md §13): party.figures says which records each counts ---
PARTY_BUILDING: tuple[Indicator, ...] = (
    _pb("pb_roster", _("Party members on the rosters"), "members", NEITHER,
        _("Members on the rosters of the area's party organisations on the period's last day.")),
    _pb("pb_identity_shown", _("Members who showed their identity"), "members", HIGHER,
        _("Of the members on the rosters: those who took part in an identity-display activity "
          "(亮身份) held in the period.")),
    _pb("pb_identity_rate", _("Identity-display rate"), "%", HIGHER,
        _("Members who showed their identity ÷ party members on the rosters × 100."),
        "pb_identity_shown", "pb_roster", _("Nanhu reports over 60 %.")),
    _pb("pb_deducted", _("Members with a credit deduction"), "members", LOWER,
        _("Of the members on the rosters: those with a deduction on their credit record "
          "(党员信用) in the period.")),
    _pb("pb_good_standing", _("Members in good credit standing"), "members", HIGHER,
        _("Of the members on the rosters: those without a deduction in the period.")),
    _pb("pb_good_standing_rate", _("Good credit standing rate"), "%", HIGHER,
        _("Members in good credit standing ÷ party members on the rosters × 100."),
        "pb_good_standing", "pb_roster"),
    _pb("pb_published", _("Party-building projects published"), "projects", NEITHER,
        _("Party-building projects published for claiming that started in the period, not "
          "cancelled.")),
    _pb("pb_claimed", _("Party-building projects claimed"), "projects", HIGHER,
        _("Of those: projects a party organisation, a member or a stationed unit held a claim "
          "on at the period's end (认领).")),
    _pb("pb_claim_rate", _("Project claiming rate"), "%", HIGHER,
        _("Party-building projects claimed ÷ party-building projects published × 100."),
        "pb_claimed", "pb_published"),
    _pb("pb_delivered", _("Projects delivered"), "projects", HIGHER,
        _("Projects of every list (co-building, party-building, livelihood) delivered in the "
          "period.")),
    _pb("pb_beneficiaries", _("People reached by projects"), "people", HIGHER,
        _("The beneficiaries of the projects delivered in the period, summed.")),
    _pb("pb_livelihood", _("Livelihood projects"), "projects", NEITHER,
        _("Livelihood projects (民生项目) that started in the period, not cancelled.")),
    _pb("pb_livelihood_party", _("Livelihood projects run by party organisations"), "projects",
        HIGHER, _("Of those: run by a party organisation (基层党组织服务民生项目).")),
    _pb("pb_livelihood_cadres", _("Livelihood projects run by stationed cadres"), "projects",
        HIGHER, _("Of those: run by cadres stationed in the community (驻挂干部为民办实事).")),
    _pb("pb_commitments_due", _("Co-building commitments due"), "records", NEITHER,
        _("Commitments of signed co-building agreements (共驻共建) due in the period.")),
    _pb("pb_commitments_kept", _("Co-building commitments kept"), "records", HIGHER,
        _("Of those: done by their due day.")),
    _pb("pb_commitment_rate", _("Commitments kept rate"), "%", HIGHER,
        _("Co-building commitments kept ÷ co-building commitments due × 100."),
        "pb_commitments_kept", "pb_commitments_due"),
    _pb("pb_needs_raised", _("Needs raised"), "records", NEITHER,
        _("Needs put on the community's list in the period, not withdrawn.")),
    _pb("pb_needs_met", _("Needs met"), "records", HIGHER,
        _("Of those: met by a delivered project.")),
    _pb("pb_needs_met_rate", _("Needs met rate"), "%", HIGHER,
        _("Needs met ÷ needs raised × 100."), "pb_needs_met", "pb_needs_raised"),
    _pb("pb_units_reviewed", _("Stationed units reviewed"), "records", NEITHER,
        _("Reviews of stationed units (审查、评价) the community party bodies made in the period.")),
    _pb("pb_vetoes", _("Party-building ratings vetoed"), "records", NEITHER,
        _("Of those: reviews that vetoed the unit's party-building rating (一票否决)."),
        notes=_("The veto stands against the stationed unit, whose own superiors read it on the "
                "review; the count shows how often the area's committees had to use it.")),
)  # fmt: skip


def _wf(code, name, unit, direction, formula, numerator="", denominator="", notes=""):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, notes, source=WORKFORCE
    )


# -- the community workforce in an area (DOMAIN.md §14): workforce.figures says what each counts -
WORKFORCE_FIGURES: tuple[Indicator, ...] = (
    _wf("wf_workers", _("Community workers serving"), "people", NEITHER,
        _("Workers of the area's streets and communities serving on the period's last day, every "
          "post (社区工作者、网格长、楼栋长 …)."),
        notes=_("Posts before and after (Nanhu: 288 → 241) are this figure in two periods.")),
    _wf("wf_grid_leaders", _("Grid leaders serving"), "people", NEITHER,
        _("Of those: grid leaders (网格长).")),
    _wf("wf_grids", _("Grids"), "grids", NEITHER,
        _("Active grids in the area (Shushan: about 20 a community).")),
    _wf("wf_grids_led", _("Grids with a grid leader"), "grids", HIGHER,
        _("Of those: grids that a grid leader serving on the period's last day has among their "
          "grids.")),
    _wf("wf_grid_cover_rate", _("Grid leader coverage"), "%", HIGHER,
        _("Grids with a grid leader ÷ grids × 100."), "wf_grids_led", "wf_grids"),
    _wf("wf_households", _("Households in the register"), "households", NEITHER,
        _("Households of the register in the area's grids, as the register stands today.")),
    _wf("wf_households_per_worker", _("Households per worker"), "households", NEITHER,
        _("Households in the register ÷ community workers serving."), "wf_households",
        "wf_workers", _("Shushan: each worker takes about 400 households (认领400余户).")),
    _wf("wf_households_per_leader", _("Households per grid leader"), "households", NEITHER,
        _("Households in the register ÷ grid leaders serving."), "wf_households",
        "wf_grid_leaders"),
    _wf("wf_trained", _("Workers trained"), "people", HIGHER,
        _("Of the workers serving: those who took training in the period.")),
    _wf("wf_training_rate", _("Training rate"), "%", HIGHER,
        _("Workers trained ÷ community workers serving × 100."), "wf_trained", "wf_workers"),
    _wf("wf_left", _("Workers who left"), "people", NEITHER,
        _("Workers who left in the period: term ended, not renewed, resigned, dismissed …")),
    _wf("wf_allowance_paid", _("Allowances paid"), "yuan", NEITHER,
        _("The allowance ledger's entries for the months of the period, summed (default 400 yuan "
          "a month a grid leader)."),
        notes=_("The total comes from the roster, month by month: 998 grid leaders × 400 × 12 is "
                "4.79 million, not the round figure of the reports.")),
    _wf("wf_daily_records", _("Daily records"), "records", NEITHER,
        _("Workers' daily records of the period that stand (not struck out).")),
    _wf("wf_volunteers", _("Volunteers"), "people", HIGHER,
        _("Residents on the communities' volunteer rosters on the period's last day.")),
    _wf("wf_volunteers_paired", _("Volunteers paired with a social worker"), "people", HIGHER,
        _("Of those: paired with a social worker of their community (社工+义工).")),
    _wf("wf_volunteer_pairing_rate", _("Volunteers paired"), "%", HIGHER,
        _("Volunteers paired with a social worker ÷ volunteers × 100."),
        "wf_volunteers_paired", "wf_volunteers"),
    _wf("wf_volunteer_hours", _("Volunteer service hours"), "service", HIGHER,
        _("Hours of service the volunteers gave in the period, summed.")),
)  # fmt: skip


def _fin(code, name, unit, direction, formula, numerator="", denominator="", notes=""):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, notes, source=FINANCE
    )


# -- community finance in an area (DOMAIN.md §15): finance.figures says what each counts ---------
FINANCE_FIGURES: tuple[Indicator, ...] = (
    _fin("fin_budget", _("Budgeted"), "yuan", NEITHER,
         _("The budget lines of the area's streets and communities for the years of the period, "
           "summed.")),
    _fin("fin_party_budget", _("Budgeted for party building"), "yuan", HIGHER,
         _("Of those: the party-building lines.")),
    _fin("fin_below_floor", _("Communities below the budget floor"), "communities", LOWER,
         _("Communities whose budget lines for the period's last year add up to less than the "
           "district's floor (200,000 yuan unless set otherwise)."),
         notes=_("Jing'an: each community at least 200,000 yuan a year, of which at least 50,000 "
                 "for party building.")),
    _fin("fin_allocated", _("Received on the accounts"), "yuan", NEITHER,
         _("Allocations received on the communities' and streets' accounts in the period.")),
    _fin("fin_paid", _("Paid by reimbursement"), "yuan", NEITHER,
         _("Claims paid in the period (报账制).")),
    _fin("fin_execution_rate", _("Budget spent"), "%", NEITHER,
         _("Paid by reimbursement ÷ budgeted × 100 (a year's period: that year's budget)."),
         "fin_paid", "fin_budget"),
    _fin("fin_claims", _("Reimbursement claims"), "records", NEITHER,
         _("Claims for spending in the period, not withdrawn.")),
    _fin("fin_claims_refused", _("Claims refused"), "records", LOWER,
         _("Of those: refused on review.")),
)  # fmt: skip


def _est(code, name, direction, formula, numerator="", denominator="", notes="", unit="estates"):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, notes, source=ESTATES
    )


# -- property oversight in an area (DOMAIN.md §16): estates.figures says what each counts --------
ESTATE_FIGURES: tuple[Indicator, ...] = (
    _est("est_estates", _("Estates"), NEITHER,
         _("Estates (小区) of the area's communities on the period's last day.")),
    _est("est_without_company", _("Estates without a property company"), LOWER,
         _("Of those: estates no property company manages on the period's last day (they run "
           "on their own arrangement).")),
    _est("est_blacklisted", _("Estates managed by a blacklisted company"), LOWER,
         _("Of those: estates whose company is on the blacklist on the period's last day.")),
    _est("est_owners_committee", _("Estates with an owners' committee"), HIGHER,
         _("Of those: estates with an owners' committee (业主委员会).")),
    _est("est_owners_committee_rate", _("Owners' committee rate"), HIGHER,
         _("Estates with an owners' committee ÷ estates × 100."), "est_owners_committee",
         "est_estates", unit="%"),
    _est("est_complaints", _("Complaints about property services"), LOWER,
         _("Cases of the property complaint class (物业服务投诉) reported in the period."),
         unit="cases"),
    _est("est_complaints_closed", _("Property complaints closed"), HIGHER,
         _("Of those: closed (handled and checked)."), unit="cases"),
    _est("est_complaints_closed_rate", _("Property complaints closed rate"), HIGHER,
         _("Property complaints closed ÷ complaints × 100."), "est_complaints_closed",
         "est_complaints", unit="%"),
    _est("est_joint_meetings", _("Joint property meetings"), HIGHER,
         _("Joint property meetings (物业联席会) held in the period."), unit="meetings"),
    _est("est_joint_decisions", _("Tasks from joint meetings"), NEITHER,
         _("Follow-up tasks of the passed decisions of those meetings."), unit="tasks"),
    _est("est_joint_solved", _("Tasks from joint meetings solved"), HIGHER,
         _("Of those: solved (their case closed, or marked done)."), unit="tasks"),
    _est("est_joint_solved_rate", _("Joint meetings' tasks solved"), HIGHER,
         _("Tasks solved ÷ tasks × 100."), "est_joint_solved", "est_joint_decisions", unit="%"),
)  # fmt: skip


def _dsp(code, name, direction, formula, numerator="", denominator="", unit="communities"):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, source=DISPUTES
    )


# -- legal advisers in an area (DOMAIN.md §18): disputes.figures says what each counts ---------
COUNSEL_FIGURES: tuple[Indicator, ...] = (
    _dsp("dsp_communities", _("Communities"), NEITHER, _("Active communities of the area.")),
    _dsp("dsp_with_adviser", _("Communities with a legal adviser"), HIGHER,
         _("Of those: with a legal adviser serving on the period's last day.")),
    _dsp("dsp_adviser_rate", _("Legal adviser coverage"), HIGHER,
         _("Communities with a legal adviser ÷ communities × 100 (一社区一法律顾问)."),
         "dsp_with_adviser", "dsp_communities", unit="%"),
    _dsp("dsp_counsel", _("Legal counsel on disputes"), HIGHER,
         _("Opinions of legal advisers and expert panels recorded on disputes in the period."),
         unit="records"),
)  # fmt: skip


def _cb(code, name, direction, formula, numerator="", denominator="", unit="buildings"):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, source=COMMERCIAL
    )


# -- commercial buildings in an area (DOMAIN.md §18): commercial.figures says what each counts --
COMMERCIAL_FIGURES: tuple[Indicator, ...] = (
    _cb("cb_buildings", _("Commercial buildings"), NEITHER,
        _("Commercial buildings (楼宇) with a profile on the period's last day.")),
    _cb("cb_with_committee", _("Buildings with a mediation committee"), HIGHER,
        _("Of those: with their own mediation committee sitting (矛盾不出楼宇).")),
    _cb("cb_risk_assessed", _("Buildings assessed for risk"), HIGHER,
        _("Of those: whose yearly risk assessment was held in the period.")),
    _cb("cb_risk_rate", _("Risk assessment coverage"), HIGHER,
        _("Buildings assessed for risk ÷ commercial buildings × 100."), "cb_risk_assessed",
        "cb_buildings", unit="%"),
    _cb("cb_hazards", _("Hazards found in buildings"), NEITHER,
        _("Hazards found by the inspections and risk assessments held in the period."),
        unit="hazards"),
    _cb("cb_hazards_rectified", _("Hazards rectified"), HIGHER,
        _("Of those: rectified (their case closed)."), unit="hazards"),
    _cb("cb_rectified_rate", _("Hazard rectification rate"), HIGHER,
        _("Hazards rectified ÷ hazards found × 100."), "cb_hazards_rectified", "cb_hazards",
        unit="%"),
    _cb("cb_agreements", _("Signed responsibilities in force"), HIGHER,
        _("Signed responsibilities (联签) in force on the period's last day."), unit="records"),
    _cb("cb_joint_activities", _("Joint meetings and training"), HIGHER,
        _("Joint meetings (联动) and training (联教) held in the period."), unit="records"),
)  # fmt: skip


def _os(code, name, direction, formula, numerator="", denominator="", unit="applications"):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, source=ONESTOP
    )


# -- the one-stop service of an area's centres (DOMAIN.md §17): onestop.figures says what each
# counts --
ONESTOP_FIGURES: tuple[Indicator, ...] = (
    _os("os_accepted", _("Applications accepted"), NEITHER,
        _("Applications for service items accepted at the area's service centres in the "
          "period (受理).")),
    _os("os_notices", _("One-time notices given"), NEITHER,
        _("One-time notices of everything missing (一次性告知) given in the period."),
        unit="notices"),
    _os("os_proxy", _("Applications made for residents (代办)"), HIGHER,
        _("Applications grid workers submitted for residents, with their consent, in the "
          "period.")),
    _os("os_decided", _("Applications decided"), NEITHER,
        _("Applications approved or refused in the period.")),
    _os("os_on_time", _("Applications decided on time"), HIGHER,
        _("Of those: decided by the promised time (an item done on the spot always is).")),
    _os("os_on_time_rate", _("On-time rate of applications"), HIGHER,
        _("Applications decided on time ÷ applications decided × 100."), "os_on_time",
        "os_decided", unit="%"),
    _os("os_rated", _("Applications rated"), NEITHER,
        _("Ratings (好差评) the applicants gave in the period."), unit="ratings"),
    _os("os_rated_good", _("Good ratings"), HIGHER,
        _("Of those: very satisfied or satisfied."), unit="ratings"),
    _os("os_good_rate", _("Good rating rate (好评率)"), HIGHER,
        _("Good ratings ÷ ratings × 100."), "os_rated_good", "os_rated", unit="%"),
    _os("os_rated_bad", _("Bad ratings"), LOWER,
        _("Of the ratings: dissatisfied or very dissatisfied (差评)."), unit="ratings"),
    _os("os_bad_answered", _("Bad ratings answered on time"), HIGHER,
        _("Of the bad ratings: the office answered by the deadline (差评整改)."),
        unit="ratings"),
    _os("os_bad_answer_rate", _("Bad ratings answered on time rate"), HIGHER,
        _("Bad ratings answered on time ÷ bad ratings × 100."), "os_bad_answered",
        "os_rated_bad", unit="%"),
    _os("os_called", _("Hall numbers called"), NEITHER,
        _("Numbers taken in the area's service halls and called to a window in the period."),
        unit="numbers"),
    _os("os_called_soon", _("Numbers called within 30 minutes"), HIGHER,
        _("Of those: called at most 30 minutes after they were taken."), unit="numbers"),
    _os("os_wait_rate", _("Hall waits within 30 minutes rate"), HIGHER,
        _("Numbers called within 30 minutes ÷ numbers called × 100."), "os_called_soon",
        "os_called", unit="%"),
)  # fmt: skip


def _cs(code, name, direction, formula, numerator="", denominator="", unit="cases"):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, source=INSIGHT
    )


# -- the class suggestion while cases are recorded from words: insight.figures says what each
# counts --
SUGGESTION_FIGURES: tuple[Indicator, ...] = (
    _cs("cs_suggested", _("Cases recorded with a class suggestion"), NEITHER,
        _("Cases recorded from words (intake, the portal, the API) for which the class "
          "suggestion offered three classes.")),
    _cs("cs_taken", _("Class suggestions taken"), HIGHER,
        _("Of those: the class recorded was the first suggestion.")),
    _cs("cs_acceptance_rate", _("Class suggestion acceptance rate"), HIGHER,
        _("Class suggestions taken ÷ cases recorded with a class suggestion × 100."),
        "cs_taken", "cs_suggested", unit="%"),
    _cs("cs_in_top3", _("Class among the three suggested"), HIGHER,
        _("Of the cases with a suggestion: the class recorded was one of the three.")),
    _cs("cs_top3_rate", _("Class suggestion top-3 rate"), HIGHER,
        _("Class among the three suggested ÷ cases recorded with a class suggestion × 100."),
        "cs_in_top3", "cs_suggested", unit="%"),
)  # fmt: skip
# -- consultations answered from the knowledge base, and repeat demands: insight.figures says what
# each counts --
KNOWLEDGE_FIGURES: tuple[Indicator, ...] = (
    _cs("kb_consultations", _("Consultations reported"), NEITHER,
        _("Cases reported in the period of the classes that may be answered on the spot "
          "(consultations).")),
    _cs("kb_answered", _("Consultations answered on the spot"), HIGHER,
        _("Of those: answered from a knowledge-base article while the caller was on the line, "
          "and closed at once.")),
    _cs("kb_answered_rate", _("Consultations answered on the spot rate"), HIGHER,
        _("Consultations answered on the spot ÷ consultations reported × 100."),
        "kb_answered", "kb_consultations", unit="%"),
    _cs("rp_raised", _("Repeat demands raised"), LOWER,
        _("Alerts raised in the period for reports of one class at one place reaching the "
          "repeat threshold (高频/重复诉求), or in one grid beyond the usual rate (hot spots)."),
        unit="alerts"),
    _cs("rp_handled", _("Repeat demands handled"), HIGHER,
        _("Of those: what was done about it is recorded."), unit="alerts"),
    _cs("rp_handled_rate", _("Repeat demands handled rate"), HIGHER,
        _("Repeat demands handled ÷ repeat demands raised × 100."), "rp_handled", "rp_raised",
        unit="%"),
)  # fmt: skip


def _cp(code, name, direction, formula, numerator="", denominator="", unit="findings"):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, source=CAMPAIGNS
    )


# -- screening campaigns in an area (DOMAIN.md §18): campaigns.figures says what each counts -----
CAMPAIGN_FIGURES: tuple[Indicator, ...] = (
    _cp("cp_campaigns", _("Screening campaigns"), NEITHER,
        _("Screening campaigns (排查行动) over the area or within it, running at some time in the "
          "period."), unit="campaigns"),
    _cp("cp_visits", _("Places visited in campaigns"), HIGHER,
        _("Visits of screening campaigns made in the period."), unit="visits"),
    _cp("cp_findings", _("Campaign findings"), NEITHER,
        _("What those visits found wrong against the campaigns' checklists.")),
    _cp("cp_findings_cased", _("Campaign findings made cases"), HIGHER,
        _("Of those: made a case in the loop.")),
    _cp("cp_findings_rectified", _("Campaign findings rectified"), HIGHER,
        _("Of those: rectified (their case closed).")),
    _cp("cp_rectified_rate", _("Campaign findings rectified rate"), HIGHER,
        _("Findings rectified ÷ findings × 100."), "cp_findings_rectified", "cp_findings",
        unit="%"),
)  # fmt: skip


def _pt(code, name, direction, formula, numerator="", denominator="", unit="opinions"):
    return Indicator(
        code, AREA, name, unit, direction, formula, numerator, denominator, source=PARTICIPATION
    )


# -- street consultation committees (DOMAIN.md §18): participation.figures says what each counts -
CONSULTATION_FIGURES: tuple[Indicator, ...] = (
    _pt("pt_consultation_meetings", _("Street consultation meetings"), HIGHER,
        _("Meetings of the street consultation committees (民意民智协调会) held in the period; "
          "four a year is the rule."), unit="meetings"),
    _pt("pt_notices", _("Notices to council members"), HIGHER,
        _("Notices of major matters sent to councils' members in the period."), unit="notices"),
    _pt("pt_committee_opinions", _("Opinions of the consultation committees"), NEITHER,
        _("Opinions the street consultation committees' members gave in the period.")),
    _pt("pt_committee_opinions_resolved", _("Committee opinions resolved"), HIGHER,
        _("Of those: resolved (their case closed, their proposal deliberated, their meeting "
          "held, or marked resolved).")),
    _pt("pt_committee_resolution_rate", _("Committee opinions resolution rate"), HIGHER,
        _("Committee opinions resolved ÷ committee opinions × 100."),
        "pt_committee_opinions_resolved", "pt_committee_opinions", unit="%"),
    # residents' votes (DOMAIN.md §18: 直接选举率, 民主票决)
    _pt("pt_elections", _("Direct elections counted"), HIGHER,
        _("Direct elections of residents' committees and councils (open nomination, the roll "
          "from the register) whose votes were counted in the period."), unit="elections"),
    _pt("pt_elections_stood", _("Direct elections that stood"), HIGHER,
        _("Of those: more than half the roll voted, so the election stands."), unit="elections"),
    _pt("pt_election_stood_rate", _("Direct elections stood rate"), HIGHER,
        _("Direct elections that stood ÷ direct elections counted × 100."),
        "pt_elections_stood", "pt_elections", unit="%"),
    _pt("pt_option_votes", _("Option votes counted"), NEITHER,
        _("Votes of all residents between options (民主票决) counted in the period."),
        unit="votes"),
    _pt("pt_option_votes_carried", _("Option votes that decided"), HIGHER,
        _("Of those: an option won the majority the vote required."), unit="votes"),
)  # fmt: skip


def _wk(code, name, unit, direction, formula, notes=""):
    return Indicator(code, WORKER, name, unit, direction, formula, notes=notes, source=WORKFORCE)


# -- a community worker, from their daily records (the daily part of the assessment) -------------
WORKERS: tuple[Indicator, ...] = (
    _wk("wk_daily_records", _("Daily records"), "records", NEITHER,
        _("The worker's daily records in the period that stand (not struck out).")),
    _wk("wk_points_off", _("Points taken off"), "points", LOWER,
        _("Points the worker's records took off in the period (complaints upheld, absences, "
          "tasks not done).")),
    _wk("wk_points_added", _("Points added"), "points", HIGHER,
        _("Points the worker's commendations added in the period.")),
    _wk("wk_daily_score", _("Daily score"), "points", HIGHER,
        _("100 − points taken off + points added, kept between 0 and 100."),
        _("The daily part of the year-end assessment (日常考核).")),
)  # fmt: skip


def _p(role, code, name, unit, direction, formula, numerator="", denominator="", notes=""):
    return Indicator(
        code, PERSON, name, unit, direction, formula, numerator, denominator, notes, role
    )


# -- people, by the role whose work each figure measures ----------------------------------------
PEOPLE: tuple[Indicator, ...] = (
    _p("supervisor", "patrol_reports", _("Patrol reports"), "cases", HIGHER,
       _("Cases the person reported on patrol in the period.")),
    _p("supervisor", "valid_reports", _("Valid patrol reports"), "cases", HIGHER,
       _("Of the person's patrol reports: those registered (or fixed on the spot), not voided.")),
    _p("supervisor", "valid_report_rate", _("Valid report rate"), "%", HIGHER,
       _("Valid patrol reports ÷ patrol reports × 100."), "valid_reports", "patrol_reports"),
    _p("supervisor", "verifications", _("Verifications"), "steps", NEITHER,
       _("Verifications on site the person made in the period.")),
    _p("supervisor", "verified_on_time", _("Verified on time"), "steps", HIGHER,
       _("Verifications made within the verification limit after they were asked for.")),
    _p("supervisor", "on_time_verify_rate", _("On-time verification rate"), "%", HIGHER,
       _("Verified on time ÷ verifications × 100."), "verified_on_time", "verifications"),
    _p("supervisor", "checks", _("Checks"), "steps", NEITHER,
       _("Checks on site (passed or failed) the person made in the period.")),
    _p("supervisor", "checked_on_time", _("Checked on time"), "steps", HIGHER,
       _("Checks made within the class's checking limit.")),
    _p("supervisor", "on_time_check_rate", _("On-time check rate"), "%", HIGHER,
       _("Checked on time ÷ checks × 100."), "checked_on_time", "checks"),
    _p("supervisor", "grid_registered", _("Cases registered in the person's grids"), "cases",
       NEITHER, _("Cases registered in the period in the grids the person patrols.")),
    _p("supervisor", "grid_missed", _("Missed reports"), "cases", LOWER,
       _("Of those: the ones residents reported (hotline, window, web, mobile, Open311).")),
    _p("supervisor", "missed_rate", _("Missed report rate"), "%", LOWER,
       _("Missed reports ÷ cases registered in the person's grids × 100."), "grid_missed",
       "grid_registered"),
    _p("operator", "accepted", _("Reports accepted"), "cases", HIGHER,
       _("Reports the person took and entered in the period (受理).")),
    _p("shift_lead", "registrations", _("Registrations"), "steps", NEITHER,
       _("Cases the person registered in the period.")),
    _p("shift_lead", "registered_on_time", _("Registered on time"), "steps", HIGHER,
       _("Registrations made within the registration limit after the report (or the "
         "verification).")),
    _p("shift_lead", "on_time_register_rate", _("On-time registration rate"), "%", HIGHER,
       _("Registered on time ÷ registrations × 100."), "registered_on_time", "registrations"),
    _p("shift_lead", "registrations_voided", _("Registrations voided"), "steps", LOWER,
       _("Of the person's registrations: cases voided since.")),
    _p("shift_lead", "registrations_kept", _("Registrations kept"), "steps", HIGHER,
       _("Registrations less those voided since.")),
    _p("shift_lead", "accurate_register_rate", _("Accurate registration rate"), "%", HIGHER,
       _("(Registrations − registrations voided) ÷ registrations × 100."),
       "registrations_kept", "registrations"),
    _p("shift_lead", "closings", _("Closings"), "steps", NEITHER,
       _("Cases the person closed in the period.")),
    _p("shift_lead", "closed_on_time_by", _("Closings on time"), "steps", HIGHER,
       _("Closings made within the closing limit after the case was handled.")),
    _p("shift_lead", "on_time_close_rate", _("On-time closing rate (shift lead)"), "%", HIGHER,
       _("Closed on time ÷ closings × 100."), "closed_on_time_by", "closings"),
    _p("dispatcher", "dispatches", _("Dispatches made"), "steps", NEITHER,
       _("Dispatches the person made in the period.")),
    _p("dispatcher", "dispatched_on_time", _("Dispatched on time"), "steps", HIGHER,
       _("Dispatches made within the dispatch limit after the registration.")),
    _p("dispatcher", "on_time_dispatch_rate", _("On-time dispatch rate"), "%", HIGHER,
       _("Dispatched on time ÷ dispatches × 100."), "dispatched_on_time", "dispatches"),
    _p("dispatcher", "dispatches_kept", _("Dispatches not returned"), "steps", HIGHER,
       _("Of the person's dispatches: those the unit did not return as not its duty.")),
    _p("dispatcher", "accurate_dispatch_rate", _("Accurate dispatch rate"), "%", HIGHER,
       _("Dispatches not returned ÷ dispatches × 100."), "dispatches_kept", "dispatches"),
)  # fmt: skip

LIBRARY = (
    LIBRARY
    + PARTY_BUILDING
    + WORKFORCE_FIGURES
    + FINANCE_FIGURES
    + ESTATE_FIGURES
    + COUNSEL_FIGURES
    + COMMERCIAL_FIGURES
    + CAMPAIGN_FIGURES
    + ONESTOP_FIGURES
    + SUGGESTION_FIGURES
    + KNOWLEDGE_FIGURES
    + CONSULTATION_FIGURES
    + PEOPLE
    + WORKERS
)
BY_CODE = {i.code: i for i in LIBRARY}


def of(subject: str) -> list[Indicator]:
    return [i for i in LIBRARY if i.subject == subject]
