"""One label, one number: for the same cases, the command centre (figures kept per area and day),
the indicators (counted live for a period) and a rating round's residents' satisfaction show the
same rates, made by ``civicgrid.cases.figures``."""

import pytest

from civicgrid.cases import figures
from civicgrid.evaluation import periods
from civicgrid.evaluation.compute import area_indicators, lead_satisfaction
from civicgrid.evaluation.definitions import BY_CODE
from civicgrid.figures.selectors import area_figures
from civicgrid.figures.services import refresh

from .test_indicators import at, rows

pytestmark = pytest.mark.django_db

NOW = at(20)  # 2026-10-20 10:00, Shanghai
PERIOD = periods.parse("2026-10-01..2026-10-20")


def month_of_cases(loop) -> None:
    """Reported and registered on 10 October, led by the department: 6 closed (4 on time), of
    them 3 rated satisfied, 2 basically satisfied and 1 dissatisfied; 2 open past their handling
    deadline, 1 open not yet due, 1 voided; 1 fixed on the spot."""
    unit = {"lead_unit": loop.department}
    closed = {"state": "closed", "closed_at": at(15), "handle_due_at": at(14), **unit}
    rows(loop, 3, closed_on_time=True, tier_resolved="grid", rating="satisfied", **closed)
    rows(loop, 1, closed_on_time=True, tier_resolved="street", rating="basic", **closed)
    rows(loop, 1, closed_on_time=False, tier_resolved="street", rating="basic", **closed)
    rows(loop, 1, closed_on_time=False, tier_resolved="district", rating="dissatisfied", **closed)
    rows(loop, 2, state="handling", handle_due_at=at(12), **unit)
    rows(loop, 1, state="handling", handle_due_at=at(5, month=11), **unit)
    rows(loop, 1, state="voided", registered_at=None)
    rows(
        loop, 1, self_handled=True, closed_at=at(10), closed_on_time=True, tier_resolved="grid",
        handle_due_at=None,
    )  # fmt: skip


def test_the_command_centre_and_the_indicators_agree(loop):
    month_of_cases(loop)
    district = loop.tree.district
    refresh(now=NOW)
    shown = area_figures(user=loop.leader, area=district, now=NOW)
    counted = area_indicators([district], PERIOD)[district.pk]
    # satisfied is 满意 and 基本满意 alike: 5 of the 6 rated (the command centre said 3 of 6)
    assert shown["satisfaction"] == counted["satisfaction_rate"] == 83.33
    # closed on time over the cases due to close (7 closed, 2 overdue): 5 of 9
    assert shown["on_time_rate"] == counted["on_time_closing_rate"] == 55.56
    assert shown["self_handled_share"] == counted["self_handled_rate"] == 9.09  # 1 of 11
    tiers = dict(
        zip(["building", "grid", "community", "street", "district"], shown["tiers"], strict=True)
    )
    for tier in ("grid", "community", "street"):
        assert tiers[tier][1] == counted[f"{tier}_share"]
    assert tiers["grid"][1] == 57.14 and tiers["district"][1] == 14.29  # 4 and 1 of the 7
    # the counts behind them are the same counts
    for code in ("closed", "closed_on_time", "due_to_close", "rated", "satisfied"):
        assert shown["recent"][code] == counted[code], code
    # a rating round weighs the department's residents' satisfaction the same way
    assert lead_satisfaction([loop.department], PERIOD) == {loop.department.pk: 83.33}


def test_the_library_makes_the_shared_rates_from_the_shared_counts():
    for code, (above, below) in figures.RATES.items():
        if code in BY_CODE:
            assert (BY_CODE[code].numerator, BY_CODE[code].denominator) == (above, below)
    assert figures.percent(5, 6) == 83.33 and figures.percent(1, 0) is None
    with pytest.raises(ValueError):
        figures.due_to_close()  # neither an end nor a now: no deadline to ask about
