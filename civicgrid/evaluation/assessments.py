"""Assessment schemes at work: start a round for some subjects, score items (with evidence), let
indicator items compute themselves, appeal a score and decide the appeal, and the results.

Who scores an item is the rater the item names. A self-assessment item is scored from the
subject's side: the person assessed, a member of the organisation assessed, or someone working
in the area assessed. Every other rater's score (a superior's, peers', residents', a third
party's) is entered by a leader or administrator whose scope holds the subject — the district
collects those scores and records them, as it does today on paper. Computed items are never
entered by hand. Appeals come from the subject's side before the round's appeal date and are
decided by a leader or administrator; an upheld appeal rescores the item and keeps the points
it had before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from civicgrid.accounts import permissions
from civicgrid.accounts.models import OrgUnit, User
from civicgrid.areas.models import Area
from civicgrid.core.errors import DomainError, ErrorCode
from civicgrid.workforce import figures as workforce_figures
from civicgrid.workforce.models import Worker

from . import groups, workers
from .admitted import refuse_unadmitted
from .compute import area_indicators, unit_indicators
from .locks import locked_assessment_round
from .models import Appeal, Assessment, AssessmentRound, ItemScore, Scheme, SchemeItem
from .models.schemes import TEXT_MAX
from .people import person_indicators
from .periods import Period, parse
from .scoring import not_rated, rank, reason_text, volume
from .scoring import points as indicator_points

Rater = SchemeItem.Rater


def scheme_copy(template: Scheme, *, name: str = "") -> Scheme:
    """A working copy of a scheme (a template, usually) that the district can change."""
    with transaction.atomic():
        copy = Scheme.objects.create(
            name=name or template.name,
            description=template.description,
            subject=template.subject,
            levels=template.levels,
        )
        for item in template.items.all():
            item.pk = None
            item.scheme = copy
            item.save()
    return copy


def _subject_path(a: Assessment) -> str:
    if a.area is not None:
        return a.area.path
    if a.worker is not None:
        return a.worker.area.path
    if a.unit is not None:
        return a.unit.area.path
    paths = [g.path for g in permissions.grants(a.person)]
    return min(paths, key=len) if paths else ""


def oversees(user, a: Assessment) -> bool:
    return permissions.can_oversee_assessment(user, subject_path=_subject_path(a))


def on_subject_side(user, a: Assessment) -> bool:
    return permissions.is_assessed_side(
        user,
        person_id=a.person_id,
        unit_id=a.unit_id,
        area_path=a.area.path if a.area is not None else None,
    )


def may_see(user, a: Assessment) -> bool:
    return (
        oversees(user, a)
        or on_subject_side(user, a)
        or groups.rates(user, a)
        or workers.judges(user, a)
    )


def round_start(
    *,
    scheme: Scheme,
    name: str,
    period: str,
    subjects: Sequence[OrgUnit | User | Area | Worker],
    scoring_due: dt.date,
    appeals_due: dt.date,
) -> AssessmentRound:
    """A round of ``scheme`` for ``subjects`` (units, people, areas or community workers, as the
    scheme says)."""
    parse(period, field="period")
    if appeals_due < scoring_due:
        raise DomainError(
            _("Appeals cannot close before scoring does."),
            code=ErrorCode.INVALID,
            field="appeals_due",
        )
    refuse_unadmitted(scheme, subjects)  # communities: only by admitted assessments
    field = scheme.subject  # the assessment's field of that name holds the subject
    with transaction.atomic():
        rnd = AssessmentRound.objects.create(
            scheme=scheme,
            name=name,
            period=period,
            scoring_due=scoring_due,
            appeals_due=appeals_due,
        )
        Assessment.objects.bulk_create(Assessment(round=rnd, **{field: s}) for s in subjects)
    return rnd


def _check_value(item: SchemeItem, value: str | None) -> str:
    return item.answer(value)


@transaction.atomic
def item_score(
    *,
    assessment: Assessment,
    item: SchemeItem,
    value: str | None,
    actor: User,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> ItemScore:
    """Score one item; refused after the round's scoring date or once its results are final, to
    a rater the item does not name, for a computed item, or without the evidence the item
    requires. The round's row is locked first, so that no score slips into a round being made
    final."""
    rnd = locked_assessment_round(assessment.round_id)
    if item.scheme_id != rnd.scheme_id:
        raise DomainError(
            _("This item is not in the round's scheme."), code=ErrorCode.INVALID, field="item"
        )
    if rnd.closed or timezone.localdate() > rnd.scoring_due:
        raise DomainError(
            _("Scoring for this round has closed."), code=ErrorCode.CLOSED, field="item"
        )
    if item.rated_by == Rater.SYSTEM:
        raise DomainError(_("This item is computed."), code=ErrorCode.INVALID, field="item")
    if item.by_group:
        raise DomainError(
            _("Each member of the item's group rates it."), code=ErrorCode.INVALID, field="item"
        )
    allowed = (
        on_subject_side(actor, assessment)
        if item.rated_by == Rater.SELF
        else oversees(actor, assessment)
    )
    if not allowed:
        raise DomainError(_("You do not score this item."), code=ErrorCode.FORBIDDEN, field="item")
    answer = _check_value(item, value)
    note = _text(note, field="note")
    existing = ItemScore.objects.filter(assessment=assessment, item=item).first()
    if item.evidence_required and not evidence and not (existing and existing.evidence):
        raise DomainError(_("This item needs evidence."), code=ErrorCode.REQUIRED, field="evidence")
    score, _created = ItemScore.objects.update_or_create(
        assessment=assessment,
        item=item,
        defaults={
            "value": answer,
            "points": item.points_for(answer),
            "note": note,
            "scored_by": actor,
            **({"evidence": evidence} if evidence else {}),
        },
    )
    return score


def compute(rnd: AssessmentRound) -> int:
    """Score every computed (indicator) item of every assessment in the round."""
    items = [i for i in rnd.scheme.items.all() if i.rule == SchemeItem.Rule.INDICATOR]
    if not items:
        return 0
    assessments = list(rnd.assessments.select_related("unit", "person", "area", "worker"))
    values = _indicators(rnd, assessments)
    written = 0
    with transaction.atomic():
        for a in assessments:
            rated = not _too_few(rnd, values[a.subject.pk])
            for item in items:
                earned = indicator_points(
                    item.indicator, values[a.subject.pk].get(item.indicator), item.target
                )
                if earned is None or not rated:  # too few cases: no indicator earns points
                    ItemScore.objects.filter(assessment=a, item=item).delete()
                    continue
                ItemScore.objects.update_or_create(
                    assessment=a,
                    item=item,
                    defaults={
                        "value": str(values[a.subject.pk].get(item.indicator)),
                        "points": item.points_for(earned),
                        "scored_by": None,
                    },
                )
                written += 1
    return written


def _indicators(rnd: AssessmentRound, assessments: list[Assessment]) -> dict[int, dict]:
    """The round's period's indicators of each assessment's subject: {subject id: {code: …}}."""
    compute: dict[str, Callable[[list, Period], dict[int, dict]]] = {
        "unit": unit_indicators,
        "person": person_indicators,
        "area": area_indicators,
        "worker": lambda subjects, p: workforce_figures.worker_counts(subjects, p.first, p.last),
    }
    return compute[rnd.scheme.subject]([a.subject for a in assessments], parse(rnd.period))


def _too_few(rnd: AssessmentRound, values: dict) -> str:
    """Why a subject's indicators do not count (too few cases), or "". A community worker's
    come from their daily records, which count however few."""
    if rnd.scheme.subject == Scheme.Subject.WORKER:
        return ""
    return not_rated(volume(rnd.scheme.subject, values))


def _text(value: str, *, field: str) -> str:
    """A free text as kept (stripped), refused when longer than ``TEXT_MAX``."""
    value = value.strip()
    if len(value) > TEXT_MAX:
        raise DomainError(
            _("At most %(n)s characters.") % {"n": f"{TEXT_MAX:,}"},
            code=ErrorCode.INVALID,
            field=field,
        )
    return value


@transaction.atomic
def appeal_file(*, score: ItemScore, reason: str, actor: User) -> Appeal:
    a = score.assessment
    if not on_subject_side(actor, a):
        raise DomainError(
            _("Only the one assessed may appeal."), code=ErrorCode.FORBIDDEN, field="score"
        )
    rnd = locked_assessment_round(a.round_id)  # no appeal slips into a round being made final
    if rnd.closed or timezone.localdate() > rnd.appeals_due:
        raise DomainError(
            _("Appeals for this round have closed."), code=ErrorCode.CLOSED, field="score"
        )
    reason = _text(reason, field="reason")
    if not reason:
        raise DomainError(
            _("Give the reason for the appeal."), code=ErrorCode.REQUIRED, field="reason"
        )
    if score.appeals.filter(decision=Appeal.Decision.PENDING).exists():
        raise DomainError(
            _("This score is already under appeal."), code=ErrorCode.PENDING, field="score"
        )
    return Appeal.objects.create(score=score, reason=reason, filed_by=actor)


@transaction.atomic
def appeal_decide(
    *, appeal: Appeal, upheld: bool, outcome: str, actor: User, value: str | None = None
) -> Appeal:
    score = appeal.score
    if appeal.decision != Appeal.Decision.PENDING:
        raise DomainError(_("This appeal is decided."), code=ErrorCode.DECIDED, field="appeal")
    if not oversees(actor, score.assessment):
        raise DomainError(
            _("You do not decide this appeal."), code=ErrorCode.FORBIDDEN, field="appeal"
        )
    outcome = _text(outcome, field="outcome")
    if not outcome:
        raise DomainError(
            _("Give the reasons for the decision."), code=ErrorCode.REQUIRED, field="outcome"
        )
    appeal.points_before = score.points
    if upheld:
        answer = _check_value(score.item, value)
        points = score.item.points_for(answer)
        assert points is not None  # a checked answer is never empty, so it earns points
        score.value, score.points = answer, points
        score.save(update_fields=["value", "points", "updated_at"])
    appeal.decision = Appeal.Decision.UPHELD if upheld else Appeal.Decision.REFUSED
    appeal.outcome, appeal.decided_by, appeal.decided_at = outcome, actor, timezone.now()
    appeal.save()
    return appeal


@dataclass
class Standing:
    assessment: Assessment
    points: Decimal
    possible: Decimal
    scored: int
    items: int
    score: float | None
    level: str
    rank: int | None = None
    cases: int | None = None  # a scheme with indicator items: the subject's cases in the period
    reason: str = ""  # why it is not rated (scoring.TOO_FEW_CASES), or ""

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason, self.cases or 0)


def standings(rnd: AssessmentRound, assessments=None) -> list[Standing]:
    """Each assessment's points out of its items' weights, score (%), level and rank. Where the
    scheme has indicator items, a subject with too few cases in the period is not rated."""
    items = list(rnd.scheme.items.all())
    possible = sum((i.weight for i in items), Decimal(0))
    assessments = assessments if assessments is not None else list(rnd.assessments.all())
    by_assessment: dict[int, list[ItemScore]] = {}
    for s in ItemScore.objects.filter(assessment__in=assessments):
        by_assessment.setdefault(s.assessment_id, []).append(s)
    measured = any(i.rule == SchemeItem.Rule.INDICATOR for i in items)
    values = _indicators(rnd, assessments) if measured and assessments else {}
    out = []
    for a in assessments:
        given = by_assessment.get(a.pk, [])
        total = sum((s.points for s in given), Decimal(0))
        pct = round(float(100 * total / possible), 2) if possible and given else None
        worker = rnd.scheme.subject == Scheme.Subject.WORKER
        cases = (
            volume(rnd.scheme.subject, values[a.subject.pk]) if measured and not worker else None
        )
        reason = _too_few(rnd, values[a.subject.pk]) if cases is not None else ""
        if reason:
            pct = None
        standing = Standing(
            a, total, possible, len(given), len(items), pct, rnd.scheme.level_of(pct)
        )
        standing.cases, standing.reason = cases, reason
        out.append(standing)
    return rank(out, lambda s: s.score, lambda s: str(s.assessment.subject))
