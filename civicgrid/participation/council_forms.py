"""The input of the council, meeting, opinion and claim pages, typed once (see forms.py): the
model's own fields, choices of related rows limited to what the user may pick, and the two
line-by-line lists staff type (the invited, "name, organisation[, there as]"; an election's candidates,
"ID number, votes")."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from civicgrid.accounts.models import OrgUnit
from civicgrid.areas.models import Area
from civicgrid.catalogue.models import CaseClass
from civicgrid.core.errors import ErrorCode

from .choices import AttendeeRole
from .forms import model_field, picked
from .models import (
    Attendee,
    Claim,
    Council,
    CouncilMember,
    CouncilNotice,
    Election,
    FollowUp,
    Meeting,
    MeetingStep,
    Opinion,
    Project,
    Proposal,
    Resolution,
)
from .voting import ID_NUMBER_LENGTH


def _lines(text: str) -> list[tuple[str, str]]:
    """Lines of "left, right" (a Chinese comma too), blank lines left out."""
    out = []
    for line in text.splitlines():
        if line.strip():
            left, _sep, right = line.replace("，", ",").partition(",")
            out.append((left.strip(), right.strip()))
    return out


class InviteField(forms.CharField):
    """Lines of "name, organisation[, there as]" (the people invited to a meeting): what they
    are there as is one of ``AttendeeRole``, by its name or its value."""

    widget = forms.Textarea

    # cleans to a list of triples, not to text: the stubs know CharField's text only
    def to_python(self, value) -> list[tuple[str, str, str]]:  # type: ignore[override]
        roles = {str(label).casefold(): key for key, label in AttendeeRole.choices}
        roles.update({key: key for key in AttendeeRole.values})
        out = []
        for n, (name, rest) in enumerate(_lines(super().to_python(value) or ""), start=1):
            organisation, _sep, role = rest.replace("，", ",").partition(",")
            role = role.strip()
            if role and role.casefold() not in roles:
                raise ValidationError(
                    _("Line %(n)s: “%(role)s” is not one of: %(roles)s."),
                    code=ErrorCode.INVALID,
                    params={"n": n, "role": role[:40], "roles": role_names()},
                )
            out.append((name, organisation.strip(), roles.get(role.casefold(), "")))
        return out


def role_names() -> str:
    return "、".join(str(label) for label in AttendeeRole.labels)


class CandidatesField(forms.CharField):
    """Lines of "ID number, votes" (an election's candidates)."""

    widget = forms.Textarea

    # cleans to a list of pairs, not to text: the stubs know CharField's text only
    def to_python(self, value) -> list[tuple[str, int]]:  # type: ignore[override]
        out = []
        for n, (number, votes) in enumerate(_lines(super().to_python(value) or ""), start=1):
            # an ID number (or a passport's) is letters and digits
            shaped = number.isascii() and number.isalnum() and len(number) <= ID_NUMBER_LENGTH
            if not (shaped and votes.isascii() and votes.isdigit() and len(votes) <= 9):
                raise ValidationError(
                    _("Line %(n)s: each line is an ID number, then the votes."),
                    code=ErrorCode.INVALID,
                    params={"n": n},
                )
            out.append((number, int(votes)))
        return out


def _label(model, name: str):
    return model._meta.get_field(name).verbose_name


# -- councils ------------------------------------------------------------------------------------
class CouncilForm(forms.Form):
    kind = model_field(Council, "kind")
    name = model_field(Council, "name")
    term_from = model_field(Council, "term_from")
    term_until = model_field(Council, "term_until")
    seats = model_field(Council, "seats")

    def __init__(self, *args, areas: QuerySet[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = picked(areas, label=_label(Council, "area"))


class NoticeForm(forms.Form):
    title = model_field(CouncilNotice, "title")
    body = model_field(CouncilNotice, "body")


class MemberForm(forms.Form):
    id_number = forms.CharField(label=_("ID number"), max_length=ID_NUMBER_LENGTH)
    role = model_field(CouncilMember, "role")


class ElectionForm(forms.Form):
    held_on = model_field(Election, "held_on")
    seats = model_field(Election, "seats")
    eligible = model_field(Election, "eligible")
    ballots = model_field(Election, "ballots")
    invalid = model_field(Election, "invalid")
    candidates = CandidatesField(label=_("candidates"), max_length=20000)


# -- meetings ------------------------------------------------------------------------------------
class MeetingForm(forms.Form):
    kind = model_field(Meeting, "kind")
    title = model_field(Meeting, "title")
    agenda = model_field(Meeting, "agenda")
    starts_at = model_field(Meeting, "starts_at")
    place = model_field(Meeting, "place")
    invite = InviteField(label=_("others invited"), required=False, max_length=20000)

    def __init__(self, *args, areas: QuerySet[Area], councils: QuerySet[Council], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = picked(areas, label=_label(Meeting, "area"))
        self.fields["council"] = picked(councils, required=False, label=_label(Meeting, "council"))


class SignInForm(forms.Form):
    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee"] = picked(meeting.attendees.all(), label=Attendee._meta.verbose_name)


class HoldForm(forms.Form):
    minutes = model_field(Meeting, "minutes")


class CancelForm(forms.Form):
    reason = model_field(MeetingStep, "note")


class PublishForm(forms.Form):
    summary = model_field(Meeting, "summary")


class ResolutionForm(forms.Form):
    text = model_field(Resolution, "text")
    votes_for = model_field(Resolution, "votes_for")
    votes_against = model_field(Resolution, "votes_against")
    abstentions = model_field(Resolution, "abstentions")


class FollowUpForm(forms.Form):
    task = model_field(FollowUp, "task")
    due_on = model_field(FollowUp, "due_on")

    def __init__(self, *args, meeting: Meeting, units: QuerySet[OrgUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolution"] = picked(
            meeting.resolutions.all(), label=Resolution._meta.verbose_name
        )
        self.fields["unit"] = picked(units, required=False, label=_label(FollowUp, "unit"))


class CaseClassField(forms.CharField):
    def __init__(self, **kwargs):
        code = CaseClass._meta.get_field("code")
        super().__init__(label=_("class"), max_length=code.max_length, **kwargs)


class FollowUpCaseForm(forms.Form):
    case_class = CaseClassField()

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up"] = picked(
            FollowUp.objects.filter(resolution__meeting=meeting),
            label=FollowUp._meta.verbose_name,
        )


# -- opinions and claims -------------------------------------------------------------------------
class OpinionForm(forms.Form):
    """An opinion staff record (or a resident gives, without the channel)."""

    text = model_field(Opinion, "text")

    def __init__(self, *args, areas: QuerySet[Area], channel: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = picked(areas, label=_label(Opinion, "area"))
        if channel:
            self.fields["channel"] = model_field(Opinion, "channel")


class _OpinionPicked(forms.Form):
    def __init__(self, *args, opinions: QuerySet[Opinion], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"] = picked(opinions, label=Opinion._meta.verbose_name)


class RouteForm(_OpinionPicked):
    to = model_field(Opinion, "route", required=True)
    case_class = CaseClassField(required=False)

    def __init__(self, *args, meetings: QuerySet[Meeting], proposals: QuerySet[Proposal],
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["meeting"] = picked(meetings, required=False, label=_label(Opinion, "meeting"))
        self.fields["proposal"] = picked(
            proposals, required=False, label=_label(Opinion, "proposal")
        )


class ResolveForm(_OpinionPicked):
    resolution = model_field(Opinion, "resolution")


class PeriodForm(forms.Form):
    """The period of the resolution rates, as the page names it (``from``, ``to``); either may
    be left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(label=pgettext_lazy("date", "from"), required=False)
        self.fields["to"] = forms.DateField(label=_("until"), required=False)


class ClaimForm(forms.Form):
    claimant = model_field(Claim, "claimant")
    hours = model_field(Claim, "hours", required=False)
    task = model_field(Claim, "task")
    volunteer = model_field(Claim, "volunteer")

    def __init__(self, *args, areas: QuerySet[Area], projects: QuerySet[Project],
                 units: QuerySet[OrgUnit], **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["area"] = picked(areas, label=_label(Claim, "area"))
        self.fields["project"] = picked(projects, required=False, label=_label(Claim, "project"))
        self.fields["unit"] = picked(units, required=False, label=_label(Claim, "unit"))
