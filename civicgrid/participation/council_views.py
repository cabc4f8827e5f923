"""Staff pages for councils (members, elections) and meetings (call, sign-in, minutes,
resolutions, follow-ups, the published summary); the public list of published summaries. A user
sees the councils and meetings of the areas their grants cover; out of scope is 404. Each form
is typed by its class in ``council_forms.py``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.accounts.permissions import can_convene, can_lead
from civicgrid.accounts.scope import areas_around
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core import pii
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.registry.models import Person

from . import councils
from .acting import Action, SignedIn, act, act_on
from .council_forms import (
    CancelForm,
    CouncilForm,
    ElectionForm,
    FollowUpCaseForm,
    FollowUpForm,
    HoldForm,
    MeetingForm,
    MemberForm,
    NoticeForm,
    PublishForm,
    ResolutionForm,
    SignInForm,
    role_names,
)
from .models import Council, CouncilMember, Meeting


def _areas(user: User, level: int = AreaLevel.COMMUNITY) -> QuerySet[Area]:
    return areas_around(user).filter(level=level, active=True).order_by("code")


def _council_areas(user: User) -> QuerySet[Area]:
    """The streets and communities around the user: where councils sit (a street's
    consultation committee, a community's councils)."""
    return (
        areas_around(user)
        .filter(level__in=(AreaLevel.STREET, AreaLevel.COMMUNITY), active=True)
        .order_by("code")
    )


def _only(areas: list[Area]) -> QuerySet[Area]:
    return Area.objects.filter(pk__in=[a.pk for a in areas])


def _person(area: Area, id_number: str, field: str = "id_number") -> Person:
    """A registered resident of ``area`` by ID number (the register's blind index)."""
    found = Person.objects.filter(
        id_number_index=pii.blind_index(id_number.strip().upper()),
        active=True,
        grid__path__startswith=area.path,
    ).first()
    if found is None:
        raise DomainError(
            _("No registered resident of %(area)s has this ID number.") % {"area": area.name},
            code=ErrorCode.NOT_ELIGIBLE,
            field=field,
        )
    return found


@login_required
def council_list(request: SignedIn):
    areas = list(_council_areas(request.user))
    managed = [a for a in areas if can_lead(request.user, a)]
    if request.method == "POST":
        made: list[Council] = []

        def create(data: dict) -> str:
            made.append(councils.council_create(actor=request.user, **data))
            return ""

        if act(request, CouncilForm(request.POST, areas=_only(managed)), create):
            return redirect("participation:council", made[0].pk)
    if not areas:
        raise Http404
    return render(
        request,
        "participation/councils.html",
        {
            "councils": Council.objects.filter(area__in=areas).select_related("area"),
            "areas": managed,
            "kinds": Council.Kind.choices,
        },
    )


def _member(request: SignedIn, council: Council, data: dict) -> str:
    person = _person(council.area, data.pop("id_number"))
    councils.member_add(actor=request.user, council=council, person=person, **data)
    return _("Saved.")


def _election(request: SignedIn, council: Council, data: dict) -> str:
    data["candidates"] = [
        (_person(council.area, number, f"candidates.{n}"), votes)
        for n, (number, votes) in enumerate(data["candidates"])
    ]
    councils.election_record(actor=request.user, council=council, **data)
    return _("Saved.")


def _notice(request: SignedIn, council: Council, data: dict) -> str:
    councils.notice_send(actor=request.user, council=council, **data)
    return _("Sent to the members.")


COUNCIL_ACTIONS = {
    "member": Action(lambda request, council: MemberForm(request.POST), _member),
    "notice": Action(lambda request, council: NoticeForm(request.POST), _notice),
    "election": Action(lambda request, council: ElectionForm(request.POST), _election),
}


@login_required
def council_detail(request: SignedIn, pk: int):
    council = get_object_or_404(
        Council.objects.filter(area__in=_council_areas(request.user)).select_related("area"),
        pk=pk,
    )
    if request.method == "POST" and act_on(request, COUNCIL_ACTIONS, council):
        return redirect("participation:council", council.pk)
    return render(
        request,
        "participation/council.html",
        {
            "council": council,
            "members": councils.current_members(council),
            "elections": council.elections.prefetch_related("candidates__person"),
            "roles": CouncilMember.Role.choices,
            "notices": council.notices.select_related("sent_by")[:50],
            "convenes": can_convene(request.user, council.area),
        },
    )


def _meetings(user: User) -> QuerySet[Meeting]:
    return Meeting.objects.filter(area__in=areas_around(user)).select_related("area", "council")


@login_required
def meeting_list(request: SignedIn):
    areas = [a for a in _council_areas(request.user) if can_convene(request.user, a)]
    if request.method == "POST" and areas:
        form = MeetingForm(
            request.POST, areas=_only(areas), councils=Council.objects.filter(area__in=areas)
        )
        made: list[Meeting] = []

        def call(data: dict) -> str:
            made.append(councils.meeting_call(actor=request.user, **data))
            return ""

        if act(request, form, call):
            return redirect("participation:meeting", made[0].pk)
    meetings = _meetings(request.user)
    if not areas and not meetings.exists():
        raise Http404
    return render(
        request,
        "participation/meetings.html",
        {
            "meetings": meetings[:200],
            "areas": areas,
            "councils": Council.objects.filter(area__in=areas),
            "kinds": Meeting.Kind.choices,
            "roles": role_names(),
        },
    )


def _units() -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(active=True).order_by("kind", "name")


def _saved(service):
    """A handler that calls ``service`` on the meeting with the typed values."""

    def handle(request: SignedIn, meeting: Meeting, data: dict) -> str:
        service(actor=request.user, meeting=meeting, **data)
        return _("Saved.")

    return handle


def _sign_in(request: SignedIn, meeting: Meeting, data: dict) -> str:
    councils.attendee_sign_in(actor=request.user, **data)
    return _("Saved.")


def _follow_up(request: SignedIn, meeting: Meeting, data: dict) -> str:
    councils.follow_up_add(actor=request.user, **data)
    return _("Saved.")


def _case(request: SignedIn, meeting: Meeting, data: dict) -> str:
    councils.follow_up_report(actor=request.user, **data)
    return _("Saved.")


MEETING_ACTIONS = {
    "sign_in": Action(lambda request, meeting: SignInForm(request.POST, meeting=meeting), _sign_in),
    "hold": Action(lambda request, meeting: HoldForm(request.POST), _saved(councils.meeting_hold)),
    "cancel": Action(
        lambda request, meeting: CancelForm(request.POST), _saved(councils.meeting_cancel)
    ),
    "resolve": Action(
        lambda request, meeting: ResolutionForm(request.POST),
        _saved(councils.resolution_record),
    ),
    "follow_up": Action(
        lambda request, meeting: FollowUpForm(request.POST, meeting=meeting, units=_units()),
        _follow_up,
    ),
    "case": Action(lambda request, meeting: FollowUpCaseForm(request.POST, meeting=meeting), _case),
    "publish": Action(
        lambda request, meeting: PublishForm(request.POST), _saved(councils.meeting_publish)
    ),
}


@login_required
def meeting_detail(request: SignedIn, pk: int):
    meeting = get_object_or_404(_meetings(request.user), pk=pk)
    if request.method == "POST" and act_on(request, MEETING_ACTIONS, meeting):
        return redirect("participation:meeting", meeting.pk)
    return render(
        request,
        "participation/meeting.html",
        {
            "meeting": meeting,
            "attendees": meeting.attendees.all(),
            "resolutions": meeting.resolutions.prefetch_related("follow_ups__case"),
            "steps": meeting.steps.select_related("actor"),
            "convenes": can_convene(request.user, meeting.area),
            "units": _units(),
        },
    )


def published_meetings(request: HttpRequest):
    """Published summaries, with the resolutions and their votes; no names."""
    meetings = (
        Meeting.objects.exclude(published_at=None)
        .select_related("area")
        .prefetch_related("resolutions")
        .order_by("-starts_at")[:100]
    )
    return render(request, "participation/public_meetings.html", {"meetings": meetings})
