"""Applications from the front desk to the rating: accepted with the checklist, the one-time
notice, 容缺 with a promised date, the working-time deadline, the review steps in order, the
result, the hand-over, the portal and 代办, the rating and the answer to a bad one; who may do
each (refused naming the field, nothing written)."""

import datetime as dt

import pytest

from civicgrid.core.errors import DomainError
from civicgrid.notifications.models import Notification, Outbox
from civicgrid.onestop import desk as front
from civicgrid.onestop import office, ratings
from civicgrid.onestop.models import Application, ApplicationStep
from civicgrid.registry.identity import Proof
from civicgrid.registry.models import PiiAccess

from .conftest import MONDAY_NINE

pytestmark = pytest.mark.django_db


def later(hours: float) -> dt.datetime:
    return MONDAY_NINE + dt.timedelta(hours=hours)


def accepted(d, **extra) -> Application:
    values = {"provided": [d.card.pk, d.photo.pk], "now": MONDAY_NINE, **extra}
    return front.window_take(actor=d.clerk, centre=d.centre, item=d.promised, proof=d.proof,
                             window=d.window, **values)  # fmt: skip


def test_accepted_at_the_window_with_its_deadline_reviewed_in_order_approved_and_handed_over(desk):
    d = desk
    app = accepted(d)
    assert app.status == "accepted" and app.number == "2026120700001"
    assert app.applicant == d.resident and app.office == d.office and app.channel == "window"
    # five working days from Monday 09:00: Friday at the end of the working day
    assert app.due_at == dt.datetime(2026, 12, 11, 17, 30, tzinfo=MONDAY_NINE.tzinfo)
    assert PiiAccess.objects.filter(user=d.clerk, person=d.resident, fields="id_number").exists()
    second = accepted(d, now=later(1))
    assert second.number == "2026120700002"
    with pytest.raises(DomainError) as err:  # the review comes first
        office.approve(actor=d.handler, application=app, document="证书", now=later(2))
    assert err.value.field == "application" and "初审" in err.value.message
    with pytest.raises(DomainError) as err:  # the window does not decide a promised item
        office.review(actor=d.clerk, application=app, now=later(2))
    assert err.value.code == "forbidden"
    app = office.review(actor=d.handler, application=app, note="材料齐全", now=later(2))
    app = office.review(actor=d.handler, application=app, now=later(3))
    assert app.status == "reviewing" and app.steps_passed == 2
    with pytest.raises(DomainError):
        office.review(actor=d.handler, application=app, now=later(4))
    with pytest.raises(DomainError) as err:
        office.approve(actor=d.handler, application=app, document="  ", now=later(4))
    assert err.value.field == "document"
    app = office.approve(actor=d.handler, application=app, document="证书 No.0001", now=later(4))
    assert (app.status, app.document, app.decided_by) == ("approved", "证书 No.0001", d.handler)
    assert Outbox.objects.filter(channel="sms").count() == 1  # told on the register's phone
    with pytest.raises(DomainError) as err:
        office.hand_over(actor=d.clerk, application=app, how="teleport")
    assert err.value.field == "how"
    app = office.hand_over(actor=d.clerk, application=app, how="pick_up", now=later(30))
    assert app.status == "handed_over" and app.finished
    steps = list(ApplicationStep.objects.filter(application=app).values_list("action", "note"))
    assert steps == [("accept", ""), ("review", "初审：材料齐全"), ("review", "审批"),
                     ("approve", ""), ("hand_over", "")]  # fmt: skip


def test_missing_material_gives_the_one_time_notice_and_the_same_number_is_accepted_later(desk):
    d = desk
    with pytest.raises(DomainError) as err:  # the card may not follow
        accepted(d, provided=[d.photo.pk])
    assert err.value.field == "materials" and "居民身份证" in err.value.message
    assert not Application.objects.exists()
    assert not PiiAccess.objects.exists()  # refused before the look-up
    with pytest.raises(DomainError) as err:
        accepted(d, provided=[], following=[d.card.pk])
    assert err.value.field == "following"
    with pytest.raises(DomainError) as err:  # brought and to follow: the desk must say which
        accepted(d, provided=[d.card.pk, d.photo.pk], following=[d.photo.pk])
    assert err.value.field == "following" and "照片" in err.value.message
    notice = accepted(d, provided=[d.photo.pk], accept=False)
    assert notice.status == "notified" and notice.accepted_at is None
    missing = list(
        notice.materials.filter(state="missing").values_list("material__name", flat=True)
    )
    assert missing == ["居民身份证"]
    with pytest.raises(DomainError) as err:  # nothing missing: no notice
        front.desk_decide(actor=d.clerk, application=notice, provided=[d.card.pk, d.photo.pk],
                          accept=False, now=later(24))  # fmt: skip
    assert err.value.field == "materials"
    back = front.desk_decide(actor=d.clerk, application=notice, provided=[d.card.pk],
                             following=[d.photo.pk], follow_by=dt.date(2026, 12, 10),
                             now=later(24))  # fmt: skip
    assert (back.number, back.status) == (notice.number, "accepted")
    assert back.follow_by == dt.date(2026, 12, 10)
    back = office.review(actor=d.handler, application=back, now=later(25))
    back = office.review(actor=d.handler, application=back, now=later(26))
    with pytest.raises(DomainError) as err:  # the photo still to follow
        office.approve(actor=d.handler, application=back, document="证书", now=later(27))
    assert "照片" in err.value.message
    office.receive(actor=d.clerk, application=back, material_id=d.photo.pk, now=later(27))
    with pytest.raises(DomainError) as err:
        office.receive(actor=d.clerk, application=back, material_id=d.photo.pk, now=later(27))
    assert err.value.field == "material"
    assert office.approve(actor=d.handler, application=back, document="证书",
                          now=later(28)).status == "approved"  # fmt: skip


def test_following_needs_a_promised_date_after_today(desk):
    d = desk
    for follow_by in (None, MONDAY_NINE.date()):
        with pytest.raises(DomainError) as err:
            accepted(d, provided=[d.card.pk], following=[d.photo.pk], follow_by=follow_by)
        assert err.value.field == "follow_by"
    assert not Application.objects.exists()


def test_the_applicant_is_found_only_by_name_and_id_number_together(desk):
    d = desk
    for proof, field in ((Proof("王小明", "310104198001010000"), "id_number"),
                         (Proof("王大明", d.proof.id_number), "id_number"),
                         (Proof(" ", d.proof.id_number), "name")):  # fmt: skip
        with pytest.raises(DomainError) as err:
            front.window_take(actor=d.clerk, centre=d.centre, item=d.promised, proof=proof,
                              provided=[d.card.pk, d.photo.pk])  # fmt: skip
        assert err.value.field == field
    assert not Application.objects.exists()


def test_the_window_decides_an_item_done_on_the_spot_and_refusals_give_reasons(desk):
    d = desk
    app = front.window_take(actor=d.clerk, centre=d.centre, item=d.instant, proof=d.proof,
                            now=MONDAY_NINE)  # fmt: skip
    assert app.due_at is None
    with pytest.raises(DomainError) as err:
        office.refuse(actor=d.clerk, application=app, reasons="")
    assert err.value.field == "reasons"
    app = office.refuse(actor=d.clerk, application=app, reasons="不符合条件：非本区户籍",
                        now=later(0.1))  # fmt: skip
    assert app.status == "refused" and app.finished
    with pytest.raises(DomainError) as err:
        office.hand_over(actor=d.clerk, application=app, how="pick_up")
    assert err.value.code == "conflict"


def test_an_item_passed_up_is_decided_by_the_higher_office_after_its_review(desk):
    d = desk
    app = front.window_take(actor=d.clerk, centre=d.centre, item=d.upward, proof=d.proof,
                            now=MONDAY_NINE)  # fmt: skip
    with pytest.raises(DomainError):
        office.pass_up(actor=d.handler, application=app, note="报区民政局", now=later(1))
    office.review(actor=d.handler, application=app, now=later(1))
    app = office.pass_up(actor=d.handler, application=app, note="报区民政局", now=later(2))
    assert app.status == "passed_up"
    app = office.approve(actor=d.handler, application=app, document="批复 〔2026〕1号",
                         now=later(50))  # fmt: skip
    assert app.status == "approved"
    promised = accepted(d)
    with pytest.raises(DomainError) as err:
        office.pass_up(actor=d.handler, application=promised, note="x")
    assert err.value.code == "not_eligible"


def test_a_resident_applies_on_the_portal_and_a_grid_worker_for_a_resident_with_consent(desk, tree):
    from civicgrid.accounts.tests.factories import user_with_role

    d = desk
    resident_account = user_with_role("portal_resident", tree.community, "resident")
    app = front.submit(actor=resident_account, item=d.promised, proof=d.proof, now=MONDAY_NINE)
    assert (app.status, app.channel, app.centre, app.submitted_by) == (
        "submitted",
        "portal",
        d.centre,
        resident_account,
    )
    with pytest.raises(DomainError) as err:  # the window's item is not on the portal
        front.submit(actor=resident_account, item=d.instant, proof=d.proof)
    assert err.value.field == "item"
    with pytest.raises(DomainError) as err:
        front.submit(actor=d.worker, item=d.promised, proof=d.proof, consent=" ")
    assert err.value.field == "consent"
    proxy = front.submit(actor=d.worker, item=d.promised, proof=d.proof, consent="授权书 No.7",
                         now=later(1))  # fmt: skip
    assert (proxy.channel, proxy.consent, proxy.submitted_by) == ("proxy", "授权书 No.7", d.worker)
    other = user_with_role("far_worker", tree.other_grid, "supervisor")
    with pytest.raises(DomainError) as err:  # not their grid: told as if nobody had that name
        front.submit(actor=other, item=d.promised, proof=d.proof, consent="授权书")
    assert (err.value.code, err.value.field) == ("not_found", "id_number")
    accepted_now = front.desk_decide(actor=d.clerk, application=app,
                                     provided=[d.card.pk, d.photo.pk], now=later(2))  # fmt: skip
    assert accepted_now.status == "accepted" and accepted_now.accepted_by == d.clerk
    with pytest.raises(DomainError) as err:
        front.desk_decide(actor=d.stranger, application=proxy, provided=[d.card.pk, d.photo.pk])
    assert err.value.code == "forbidden"
    front.withdraw(actor=d.worker, application=proxy, now=later(3))
    assert Application.objects.get(pk=proxy.pk).status == "withdrawn"
    office.refuse(actor=d.handler, application=accepted_now, reasons="收入超标", now=later(4))
    told = Notification.objects.get(user=resident_account, kind="application")
    assert app.number in told.title and "收入超标" in told.body


def test_rated_once_when_finished_and_a_bad_rating_is_answered_by_the_office(desk):
    d = desk
    app = accepted(d)
    with pytest.raises(DomainError) as err:
        ratings.rate(application=app, grade=5)
    assert err.value.code == "conflict"
    app = office.review(actor=d.handler, application=app, now=later(1))
    app = office.review(actor=d.handler, application=app, now=later(1))
    app = office.refuse(actor=d.handler, application=app, reasons="不符合条件", now=later(2))
    with pytest.raises(DomainError) as err:
        ratings.rate(application=app, grade=9)
    assert err.value.field == "grade"
    found = ratings.followed(number=app.number, proof=d.proof, client="10.0.0.1")
    assert found == app
    with pytest.raises(DomainError) as err:
        ratings.followed(number=app.number, proof=Proof("王大明", d.proof.id_number), client="x")
    assert err.value.field == "number"
    rating = ratings.rate(application=found, grade=1, comment="等太久", now=later(3))
    assert rating.bad and rating.answer_due is not None
    assert Notification.objects.filter(user=d.handler, kind="bad_rating").count() == 1
    with pytest.raises(DomainError) as err:
        ratings.rate(application=found, grade=5)
    assert err.value.code == "duplicate"
    with pytest.raises(DomainError) as err:
        ratings.answer(actor=d.clerk, rating=rating, text="已整改")
    assert err.value.code == "forbidden"
    rating = ratings.answer(
        actor=d.handler, rating=rating, text="已电话回访并说明政策", now=later(5)
    )
    assert rating.answered_by == d.handler
    with pytest.raises(DomainError) as err:
        ratings.answer(actor=d.handler, rating=rating, text="again")
    assert err.value.code == "duplicate"
