"""Staff pages for councils (members, elections) and meetings (call, sign-in, minutes,
resolutions, follow-ups, the published summary); the public list of published summaries. A user
sees the councils and meetings of the areas their grants cover; out of scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.choices import AreaLevel
from civicgrid.areas.models import Area
from civicgrid.core import pii
from civicgrid.core.errors import DomainError
from civicgrid.registry.models import Person
from civicgrid.web.feedback import refused

from . import councils
from .models import Council, CouncilMember, FollowUp, Meeting
from .services import can_manage
from .views import _date, _moment


def _areas(user, level=AreaLevel.COMMUNITY):
    return Area.objects.around(user).filter(level=level, active=True).order_by("code")


def _person(area, id_number: str, field: str = "id_number") -> Person:
    """A registered resident of ``area`` by ID number (the register's blind index)."""
    found = Person.objects.filter(
        id_number_index=pii.blind_index((id_number or "").strip().upper()),
        active=True,
        grid__path__startswith=area.path,
    ).first()
    if found is None:
        raise DomainError(
            _("No registered resident of %(area)s has this ID number.") % {"area": area.name},
            code="not_eligible",
            field=field,
        )
    return found


def _pairs(text: str) -> list[tuple[str, str]]:
    """Lines of "left, right" (a Chinese comma too), blank lines left out."""
    out = []
    for line in (text or "").splitlines():
        if line.strip():
            left, _sep, right = line.replace("，", ",").partition(",")
            out.append((left.strip(), right.strip()))
    return out


@login_required
def council_list(request):
    areas = list(_areas(request.user))
    if request.method == "POST":
        post = request.POST
        try:
            council = councils.council_create(
                actor=request.user,
                area=next((a for a in areas if str(a.pk) == post.get("area")), None),
                kind=post.get("kind", ""),
                name=post.get("name", ""),
                term_from=_date(post.get("term_from"), "term_from"),
                term_until=_date(post.get("term_until"), "term_until"),
                seats=post.get("seats") if str(post.get("seats", "")).isdigit() else 0,
            )
        except DomainError as exc:
            refused(request, exc)
        else:
            return redirect("participation:council", council.pk)
    if not areas:
        raise Http404
    return render(
        request,
        "participation/councils.html",
        {
            "councils": Council.objects.filter(area__in=areas).select_related("area"),
            "areas": [a for a in areas if can_manage(request.user, a)],
            "kinds": Council.Kind.choices,
        },
    )


@login_required
def council_detail(request, pk: int):
    council = get_object_or_404(
        Council.objects.filter(area__in=_areas(request.user)).select_related("area"), pk=pk
    )
    if request.method == "POST":
        post, area = request.POST, council.area
        try:
            if post.get("action") == "member":
                councils.member_add(
                    actor=request.user, council=council, person=_person(area, post.get("id_number")),
                    role=post.get("role", ""),
                )  # fmt: skip
            elif post.get("action") == "election":
                candidates = []
                for n, (number, votes) in enumerate(_pairs(post.get("candidates", ""))):
                    if not votes.isdigit():
                        raise DomainError(_("Each line: ID number, votes."), code="invalid",
                                          field=f"candidates.{n}")  # fmt: skip
                    candidates.append((_person(area, number, f"candidates.{n}"), int(votes)))
                numbers = [post.get(k, "") for k in ("seats", "eligible", "ballots", "invalid")]
                if not all(str(x).strip().isdigit() for x in numbers):
                    raise DomainError(_("Give whole numbers."), code="invalid", field="ballots")
                councils.election_record(
                    actor=request.user, council=council,
                    held_on=_date(post.get("held_on"), "held_on"),
                    seats=numbers[0], eligible=numbers[1], ballots=numbers[2], invalid=numbers[3],
                    candidates=candidates,
                )  # fmt: skip
            else:
                raise Http404
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:council", council.pk)
    return render(
        request,
        "participation/council.html",
        {
            "council": council,
            "members": councils.current_members(council),
            "elections": council.elections.prefetch_related("candidates__person"),
            "roles": CouncilMember.Role.choices,
            "convenes": councils.can_convene(request.user, council.area),
        },
    )


def _meetings(user):
    return Meeting.objects.filter(area__in=Area.objects.around(user)).select_related(
        "area", "council"
    )


@login_required
def meeting_list(request):
    areas = [a for a in _areas(request.user) if councils.can_convene(request.user, a)]
    if request.method == "POST" and areas:
        post = request.POST
        try:
            area = next((a for a in areas if str(a.pk) == post.get("area")), None)
            if area is None:
                raise DomainError(_("Choose a community."), code="required", field="area")
            council = Council.objects.filter(area=area, pk=post.get("council") or 0).first()
            meeting = councils.meeting_call(
                actor=request.user, area=area, council=council, kind=post.get("kind", ""),
                title=post.get("title", ""), agenda=post.get("agenda", ""),
                starts_at=_moment(post.get("starts_at"), "starts_at"),
                place=post.get("place", ""), invite=_pairs(post.get("invite", "")),
            )  # fmt: skip
        except DomainError as exc:
            refused(request, exc)
        else:
            return redirect("participation:meeting", meeting.pk)
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
        },
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(_meetings(request.user), pk=pk)
    if request.method == "POST":
        post, user = request.POST, request.user
        action = post.get("action")
        try:
            if action == "sign_in":
                attendee = get_object_or_404(meeting.attendees, pk=post.get("attendee") or 0)
                councils.sign_in(actor=user, attendee=attendee)
            elif action == "hold":
                councils.hold(actor=user, meeting=meeting, minutes=post.get("minutes", ""))
            elif action == "cancel":
                councils.cancel(actor=user, meeting=meeting)
            elif action == "resolve":
                counts = [post.get(k, "") for k in ("votes_for", "votes_against", "abstentions")]
                if not all(str(c).strip().isdigit() for c in counts):
                    raise DomainError(_("Give whole numbers."), code="invalid", field="votes_for")
                councils.resolve(actor=user, meeting=meeting, text=post.get("text", ""),
                                 votes_for=counts[0], votes_against=counts[1],
                                 abstentions=counts[2])  # fmt: skip
            elif action == "follow_up":
                resolution = get_object_or_404(meeting.resolutions, pk=post.get("resolution") or 0)
                councils.follow_up(
                    actor=user, resolution=resolution, task=post.get("task", ""),
                    due_on=_date(post.get("due_on"), "due_on"),
                    unit=OrgUnit.objects.filter(pk=post.get("unit") or 0).first(),
                )  # fmt: skip
            elif action == "case":
                task = get_object_or_404(
                    FollowUp, resolution__meeting=meeting, pk=post.get("follow_up") or 0
                )
                councils.follow_up_case(actor=user, follow_up=task,
                                        case_class=post.get("case_class", ""))  # fmt: skip
            elif action == "publish":
                councils.publish(actor=user, meeting=meeting, summary=post.get("summary", ""))
            else:
                raise Http404
        except DomainError as exc:
            refused(request, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("participation:meeting", meeting.pk)
    return render(
        request,
        "participation/meeting.html",
        {
            "meeting": meeting,
            "attendees": meeting.attendees.all(),
            "resolutions": meeting.resolutions.prefetch_related("follow_ups__case"),
            "convenes": councils.can_convene(request.user, meeting.area),
            "units": OrgUnit.objects.filter(active=True).order_by("kind", "name"),
        },
    )


def published_meetings(request):
    """Published summaries, with the resolutions and their votes; no names."""
    meetings = (
        Meeting.objects.exclude(published_at=None)
        .select_related("area")
        .prefetch_related("resolutions")
        .order_by("-starts_at")[:100]
    )
    return render(request, "participation/public_meetings.html", {"meetings": meetings})
