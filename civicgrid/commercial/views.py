"""The commercial building pages, for the leaders of communities and those above
(``selectors``): the profiles (filtered by community; those with hazards not rectified marked),
and a profile: its body's members, the six joints — signed responsibility, joint meetings,
inspections and the yearly risk assessment with their hazards (each made a case), training, the
mediation committee and its disputes, the joint yearly assessment. In scope or 404; a refused
form comes back as typed with the field marked."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from civicgrid.accounts.models import OrgUnit, User
from civicgrid.accounts.selectors import led
from civicgrid.cases.selectors import TO_REPORT
from civicgrid.core.forms import Action, kept_or, run_action, shown
from civicgrid.disputes import committees
from civicgrid.disputes.models import BuildingCommittee
from civicgrid.party.models import PartyOrganisation

from . import forms as cf
from . import selectors, services
from .choices import ActivityKind

LIMIT = 500


def _gate(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    if not selectors.sees(user):
        raise Http404
    return user


def may_open(user: User) -> bool:
    return selectors.sees(user)


def _organisations(units):
    """The party organisations of ``units`` (a place's: above or within it)."""
    return (
        PartyOrganisation.objects.filter(unit__in=units)
        .select_related("unit")
        .order_by("unit__area__path", "unit__name")
    )


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    user = _gate(request)
    buildings = selectors.unprofiled(user)
    limits: dict[str, dict[str, Any]] = {
        "profile": {
            "buildings": buildings,
            "organisations": _organisations(
                led(OrgUnit.objects.filter(active=True), user, "area__path")
            ),
        }
    }
    posted = None
    if request.method == "POST":
        posted = run_action(request, {"profile": (cf.ProfileForm, lambda u, _s, d:
                                                  services.profile_save(actor=u, **d))},
                            None, limits)  # fmt: skip
        if posted.done is not None:
            return redirect("commercial:profile", posted.done.pk)
    rows = selectors.profiles(user)
    community = request.GET.get("community", "")
    if community:
        rows = rows.filter(area__code=community)
    return render(request, "commercial/list.html", {
        "rows": rows[:LIMIT], "count": rows.count(), "limit": LIMIT, "community": community,
        "form": kept_or(posted, "profile", lambda: cf.ProfileForm(auto_id="profile_%s",
                                                                  **limits["profile"]))
        if buildings.exists() else None,
    })  # fmt: skip


def _committee(user: User, profile, data: dict) -> BuildingCommittee:
    return committees.committee_save(actor=user, building=profile.building, **data)


def _committee_member(user: User, profile, data: dict):
    committee = BuildingCommittee.objects.filter(building=profile.building).first()
    if committee is None:
        raise Http404
    return committees.member_add(actor=user, committee=committee, **data)


PROFILE_ACTIONS: dict[str, Action] = {
    "update": (cf.ProfileEditForm, lambda u, p, d: services.profile_save(actor=u, profile=p,
                                                                       building=None, **d)),
    "member": (cf.MemberForm, lambda u, p, d: services.member_add(actor=u, profile=p, **d)),
    "leave": (cf.LeaveForm, lambda u, p, d: services.member_leave(actor=u, **d)),
    "agreement": (cf.AgreementForm, lambda u, p, d: services.agreement_sign(actor=u, profile=p,
                                                                          **d)),
    "activity": (cf.ActivityForm, lambda u, p, d: services.activity_record(actor=u, profile=p,
                                                                         **d)),
    "inspection": (cf.InspectionForm, lambda u, p, d: services.inspection_record(
        actor=u, profile=p, **d)),
    "hazard": (cf.HazardForm, lambda u, p, d: services.hazard_add(actor=u, **d)),
    "case": (cf.HazardCaseForm, lambda u, p, d: services.hazard_report(actor=u, **d)),
    "committee": (cf.CommitteeForm, _committee),
    "committee_member": (cf.CommitteeMemberForm, _committee_member),
    "committee_leave": (cf.CommitteeLeaveForm, lambda u, p, d: committees.member_leave(
        actor=u, **d)),
}  # fmt: skip


@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    user = _gate(request)
    entry = get_object_or_404(selectors.profiles(user), pk=pk)
    committee = BuildingCommittee.objects.filter(building=entry.building).first()
    sitting = selectors.sitting(entry)
    hazards = selectors.hazards(entry)
    limits: dict[str, dict[str, Any]] = {
        "update": {"organisations": _organisations(services.place_units(entry.area))},
        "member": {"units": services.place_units(entry.area).order_by("kind", "name")},
        "leave": {"members": entry.members.filter(left_on=None)},
        "agreement": {"members": sitting},
        "hazard": {"inspections": entry.inspections.all()},
        "case": {"hazards": hazards.filter(TO_REPORT)},
        "committee_leave": {"members": committee.members.filter(active=True)
                            if committee else None},
    }  # fmt: skip
    keeps = services.keeps(user, entry)
    posted = None
    if request.method == "POST":
        if not keeps:
            raise Http404
        posted = run_action(request, PROFILE_ACTIONS, entry, limits)
        if posted.done is not None:
            return redirect("commercial:profile", entry.pk)
    today = timezone.localdate()
    return render(request, "commercial/profile.html", {
        "p": entry, "b": entry.building, "today": today, "keeps": keeps,
        "members": entry.members.select_related("unit"),
        "agreements": entry.agreements.select_related("member"),
        "activities": entry.activities.all(), "kinds": ActivityKind,
        "inspections": entry.inspections.prefetch_related("hazards__case"),
        "committee": committee,
        "committee_members": committee.members.all() if committee else [],
        "disputes": committees.disputes_of(committee)[:50] if committee else [],
        "forms": _forms(posted, limits, entry, committee, today) if keeps else {},
    })  # fmt: skip


def _forms(posted, limits, entry, committee, today) -> dict[str, Any]:
    def made(action: str, form_class, **initial):
        return shown(posted, action, form_class, limits, **initial)

    current = {f: getattr(entry, f) for f in (
        "party_organisation", "service_point", "safety_association", "e_service",
        "enterprises", "workers")}  # fmt: skip
    found = {
        "update": made("update", cf.ProfileEditForm, **current),
        "member": made("member", cf.MemberForm, joined_on=today),
        "agreement": made("agreement", cf.AgreementForm, signed_on=today),
        "activity": made("activity", cf.ActivityForm, held_on=today),
        "inspection": made("inspection", cf.InspectionForm, held_on=today),
        "committee": made("committee", cf.CommitteeForm, **(
            {"name": committee.name, "established_on": committee.established_on,
             "active": committee.active} if committee else
            {"name": "", "established_on": today, "active": True})),
    }  # fmt: skip
    if limits["leave"]["members"].exists():
        found["leave"] = made("leave", cf.LeaveForm, left_on=today)
    if limits["hazard"]["inspections"].exists():
        found["hazard"] = made("hazard", cf.HazardForm)
    if limits["case"]["hazards"].exists():
        found["case"] = made("case", cf.HazardCaseForm, case_class=services.HAZARD_CLASS)
    if committee is not None:
        found["committee_member"] = made("committee_member", cf.CommitteeMemberForm)
        if limits["committee_leave"]["members"].exists():
            found["committee_leave"] = made("committee_leave", cf.CommitteeLeaveForm)
    return found
