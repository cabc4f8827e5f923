"""The evaluation pages' forms: a hostile value (markup, a formula, a huge string, a wrong type)
is refused with a message naming the field by its label, and nothing changes."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from civicgrid.accounts.choices import Role
from civicgrid.accounts.tests.factories import user_with_role
from civicgrid.core.errors import DomainError
from civicgrid.evaluation.assessments import appeal_file, item_score
from civicgrid.evaluation.models import Appeal, ItemScore, RatingSheet

from .test_assessments import party_round
from .test_rounds import a_round, raters

pytestmark = pytest.mark.django_db


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_rating_sheet_with_a_level_that_is_not_one(client, loop):
    rnd = a_round()
    street = raters(loop, 1)[0]
    client.force_login(street)
    first, *others = rnd.dimensions.all()
    url = reverse("evaluation:round_sheet", args=[rnd.pk])
    posted = client.post(
        url,
        {
            "unit": loop.department.pk,
            f"level-{first.pk}": "<script>alert(1)</script>",
            **{f"level-{d.pk}": 4 for d in others},
        },
    )
    assert posted.status_code == 302 and not RatingSheet.objects.exists()
    assert any(m.startswith(f"{first.name}:") for m in said(posted)), said(posted)
    # a unit that does not serve the rater's area, and a comment longer than the column
    posted = client.post(
        url,
        {
            "unit": loop.street_office.pk,
            "comment": "好" * 2001,
            **{f"level-{d.pk}": 4 for d in rnd.dimensions.all()},
        },
    )
    messages = said(posted)
    assert any(m.startswith("被评议单位:") for m in messages), messages
    assert any(m.startswith("意见:") for m in messages) and not RatingSheet.objects.exists()


def test_a_score_with_a_huge_answer(client, loop):
    scheme, rnd = party_round(loop)
    street = rnd.assessments.get(unit=loop.street_office)
    item = next(i for i in scheme.items.all() if i.rule == "deduction")
    client.force_login(loop.leader)
    posted = client.post(
        reverse("evaluation:assessment_score", args=[rnd.pk, street.pk, item.pk]),
        {"value": "9" * 500},
    )
    assert posted.status_code == 302 and not ItemScore.objects.exists()
    assert any(m.startswith("答案:") for m in said(posted)), said(posted)
    # the right length but not a number of times: the rule refuses it, naming the item
    posted = client.post(
        reverse("evaluation:assessment_score", args=[rnd.pk, street.pk, item.pk]),
        {"value": "=1+1"},
    )
    assert not ItemScore.objects.exists()
    assert any(m.startswith(f"{item.title}:") for m in said(posted)), said(posted)


def test_an_appeal_with_a_formula_too_long_for_its_column(client, loop):
    scheme, rnd = party_round(loop)
    street = rnd.assessments.get(unit=loop.street_office)
    member = user_with_role("party-secretary", loop.tree.street, Role.GRID_LEADER)
    item = next(i for i in scheme.items.all() if i.rule == "deduction")
    score = item_score(assessment=street, item=item, value="3", actor=loop.leader)
    client.force_login(member)
    posted = client.post(
        reverse("evaluation:assessment_appeal", args=[rnd.pk, street.pk, score.pk]),
        {"reason": '=HYPERLINK("http://x")' * 300},
    )
    assert posted.status_code == 302 and not Appeal.objects.exists()
    assert any(m.startswith("理由:") for m in said(posted)), said(posted)
    # the service refuses it too, naming the field, rather than cutting it
    with pytest.raises(DomainError) as caught:
        appeal_file(score=score, reason="长" * 4001, actor=member)
    assert caught.value.field == "reason" and not Appeal.objects.exists()


def test_a_decision_that_is_neither(client, loop):
    scheme, rnd = party_round(loop)
    street = rnd.assessments.get(unit=loop.street_office)
    member = user_with_role("party-secretary", loop.tree.street, Role.GRID_LEADER)
    item = next(i for i in scheme.items.all() if i.rule == "deduction")
    score = item_score(assessment=street, item=item, value="3", actor=loop.leader)
    appeal = appeal_file(score=score, reason="已整改", actor=member)
    client.force_login(loop.leader)
    posted = client.post(
        reverse("evaluation:assessment_decide", args=[rnd.pk, street.pk, appeal.pk]),
        {"decision": "<b>maybe</b>", "outcome": "核实", "value": "1"},
    )
    appeal.refresh_from_db()
    assert posted.status_code == 302 and appeal.decision == Appeal.Decision.PENDING
    assert any(m.startswith("结论:") for m in said(posted)), said(posted)
    score.refresh_from_db()
    assert score.points == 4
