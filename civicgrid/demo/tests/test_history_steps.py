"""The demo's history takes each step as the platform does: the stage clocks stand at the
supervision threshold that applies (not a fixed 80 %), and every step's event carries what the
real step writes."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from civicgrid.cases.models import Case, CaseEvent
from civicgrid.core.working_time import add_working_seconds, current_calendar, to_seconds
from civicgrid.demo.cases import CaseHistory
from civicgrid.routing.models import SupervisionThreshold
from civicgrid.routing.services import threshold_save

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_history_follows_the_supervision_threshold():
    call_command("demo", "--scale", "tiny", "--cases", "0", verbosity=0)
    threshold_save(rule=SupervisionThreshold(yellow_percent=50, red_percent=90))
    CaseHistory(random.Random(5), now=NOW, days=20).write(300)
    cal = current_calendar()
    handling = Case.objects.filter(state="handling", suspended_at=None).select_related("case_class")
    assert handling.exists()
    for case in handling:
        limit = to_seconds(*case.case_class.limit("handle"), cal)
        # the handling clock runs from the dispatch, or from a failed check (rework)
        rework = case.events.filter(action="fail_check").order_by("-seq").first()
        start = rework.at if rework else case.dispatched_at
        assert case.due_at == case.handle_due_at
        assert case.yellow_at == add_working_seconds(start, limit * 50 // 100, calendar=cal)
        assert case.red_at == add_working_seconds(start, limit * 90 // 100, calendar=cal)
    # cases waiting to be checked are on the checking stage's clock, as the platform puts them
    for case in Case.objects.filter(state="checking"):
        assert case.due_at is not None and case.yellow_at < case.red_at < case.due_at
    # each step's event says what the real step says
    dispatch = CaseEvent.objects.filter(action="dispatch").first()
    assert {"unit", "rule", "followed_suggestion", "step_due", "step_on_time"} <= set(dispatch.data)
    assert not CaseEvent.objects.filter(action__in=["verify", "send_check"], public=True).exists()
    handled = CaseEvent.objects.filter(action="report_handled").first()
    assert handled.data["photo_kind"] == "after" and "on_time" in handled.data
