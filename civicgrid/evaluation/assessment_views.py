"""Assessment pages: the rounds a user takes part in, a round's standings, one assessment with
its items to score, its evidence and its appeals."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civicgrid.core.errors import DomainError
from civicgrid.core.feedback import explained, form_refused
from civicgrid.core.spreadsheet import table_bytes, xlsx_response

from . import groups as rater_groups
from . import workers
from .assessments import (
    appeal_decide,
    appeal_file,
    item_score,
    may_see,
    on_subject_side,
    oversees,
    standings,
)
from .forms import AppealDecisionForm, AppealForm, ItemScoreForm, VerdictForm
from .models import Appeal, Assessment, AssessmentRound, ItemScore, SchemeItem, Verdict


def _visible(user, rnd: AssessmentRound) -> list[Assessment]:
    assessments = rnd.assessments.select_related("unit__area", "person", "area", "worker__area")
    return [a for a in assessments if may_see(user, a)]


@login_required
def round_list(request):
    rounds = [
        r for r in AssessmentRound.objects.select_related("scheme") if _visible(request.user, r)
    ]
    return render(request, "evaluation/assessment_rounds.html", {"rounds": rounds})


@login_required
def round_standings(request, pk: int):
    rnd = get_object_or_404(AssessmentRound.objects.select_related("scheme"), pk=pk)
    visible = _visible(request.user, rnd)
    if not visible:
        raise Http404
    ranked = standings(rnd, visible)
    if request.GET.get("format") == "xlsx":
        header = [_("Rank"), _("Assessed"), _("points"), _("Score"), _("Level"), _("Items scored")]
        header += [_("Cases"), _("Not rated")]
        body = [
            [s.rank, str(s.assessment.subject), float(s.points), s.score, s.level, s.scored,
             s.cases, s.reason_text]
            for s in ranked
        ]  # fmt: skip
        return xlsx_response(table_bytes(header, body, sheet=rnd.period), f"assessment-{rnd.pk}")
    return render(
        request,
        "evaluation/assessment_round.html",
        {"round": rnd, "standings": ranked},
    )


def _assessment(user, pk: int, apk: int) -> Assessment:
    a = get_object_or_404(
        Assessment.objects.select_related(
            "round__scheme", "unit__area", "person", "area", "worker__area"
        ),
        pk=apk,
        round_id=pk,
    )
    if not may_see(user, a):
        raise Http404
    return a


@login_required
def assessment_detail(request, pk: int, apk: int):
    a = _assessment(request.user, pk, apk)
    rnd = a.round
    scores = {s.item_id: s for s in a.scores.prefetch_related("appeals")}
    mine_side, overseer = on_subject_side(request.user, a), oversees(request.user, a)
    scoring_open = not rnd.closed and timezone.localdate() <= rnd.scoring_due
    appeals_open = not rnd.closed and timezone.localdate() <= rnd.appeals_due
    mine_groups = rater_groups.groups_of(request.user, a)
    counts = rater_groups.group_counts(a)
    mine = rater_groups.my_ratings(request.user, a) if mine_groups else {}
    rows: list[dict[str, Any]] = []
    for item in rnd.scheme.items.all():
        score = scores.get(item.pk)
        may_score = (
            scoring_open
            and item.rated_by != SchemeItem.Rater.SYSTEM
            and not item.by_group
            and (mine_side if item.rated_by == SchemeItem.Rater.SELF else overseer)
        )
        appeals = list(score.appeals.all()) if score else []
        rows.append(
            {
                "item": item,
                "score": score,
                "may_score": may_score,
                "may_appeal": bool(score) and appeals_open and mine_side
                and not any(x.decision == Appeal.Decision.PENDING for x in appeals),
                "appeals": appeals,
                "raters": counts.get(item.pk, 0) if item.by_group else None,
                "may_rate": scoring_open and item.rated_by in mine_groups,
                "mine": mine.get(item.pk, ""),
            }
        )  # fmt: skip
    sections = [
        (name, list(group)) for name, group in groupby(rows, key=lambda r: r["item"].section)
    ]
    standing = standings(rnd, [a])[0]
    return render(
        request,
        "evaluation/assessment.html",
        {
            "a": a,
            "round": rnd,
            "sections": sections,
            "standing": standing,
            "overseer": overseer,
            **_verdict_context(request.user, a),
        },
    )


def _verdict_context(user, a: Assessment) -> dict:
    """What the assessment page shows of the verdict: the verdict, and the form to decide it
    when the user acts for the party organisation and it is pending."""
    if a.worker is None:
        return {}
    verdict = Verdict.objects.filter(assessment=a).select_related("organisation__unit").first()
    may = (
        verdict is not None
        and verdict.decision == Verdict.Decision.PENDING
        and workers.acts_for(user, verdict.organisation)
    )
    form = VerdictForm(initial={"on": timezone.localdate()}, auto_id="verdict_%s") if may else None
    return {"verdict": verdict, "verdict_form": form, "worker_scheme": True}


def _done(request, a: Assessment, form, act, success: str, prefix: str = ""):
    """Check the form, then ``act`` on its typed values; say how it went; back to the
    assessment. A form refused or a step the domain refuses changes nothing."""
    if not form.is_valid():
        form_refused(request, form)
    else:
        try:
            act(form.cleaned_data)
        except DomainError as exc:
            messages.error(request, f"{prefix}{explained(exc)}")
        else:
            messages.success(request, success)
    return redirect("evaluation:assessment", pk=a.round_id, apk=a.pk)


@login_required
@require_POST
def assessment_score(request, pk: int, apk: int, item_pk: int):
    a = _assessment(request.user, pk, apk)
    item = get_object_or_404(SchemeItem, pk=item_pk, scheme_id=a.round.scheme_id)
    return _done(
        request,
        a,
        ItemScoreForm(request.POST, request.FILES),
        lambda data: item_score(
            assessment=a,
            item=item,
            value=data["value"],
            actor=request.user,
            note=data["note"],
            evidence=data["evidence"],
        ),
        _("Score saved."),
        prefix=f"{item.title}: ",
    )


@login_required
@require_POST
def assessment_appeal(request, pk: int, apk: int, score_pk: int):
    a = _assessment(request.user, pk, apk)
    score = get_object_or_404(ItemScore, pk=score_pk, assessment=a)
    return _done(
        request,
        a,
        AppealForm(request.POST),
        lambda data: appeal_file(score=score, reason=data["reason"], actor=request.user),
        _("Appeal filed."),
    )


@login_required
@require_POST
def assessment_decide(request, pk: int, apk: int, appeal_pk: int):
    a = _assessment(request.user, pk, apk)
    appeal = get_object_or_404(Appeal, pk=appeal_pk, score__assessment=a)
    form = AppealDecisionForm(request.POST)
    return _done(
        request,
        a,
        form,
        lambda data: appeal_decide(
            appeal=appeal,
            upheld=form.upheld(),
            outcome=data["outcome"],
            actor=request.user,
            value=data["value"] or None,
        ),
        _("Appeal decided."),
    )


@login_required
def assessment_evidence(request, pk: int, apk: int, score_pk: int):
    a = _assessment(request.user, pk, apk)
    score = get_object_or_404(ItemScore, pk=score_pk, assessment=a)
    if not score.evidence:
        raise Http404
    return FileResponse(score.evidence.open("rb"), as_attachment=True)


@login_required
def assessment_certificate(request, pk: int, apk: int):
    """The certificate of the level reached, once the round's results are final."""
    a = _assessment(request.user, pk, apk)
    standing = standings(a.round, [a])[0]
    if not a.round.closed or not standing.level:
        raise Http404
    return render(
        request,
        "evaluation/certificate.html",
        {"a": a, "round": a.round, "standing": standing},
    )
