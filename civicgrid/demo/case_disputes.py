"""The disputes of the demo's case history: parties, and for a settled one the mediation
session with a sample agreement. Invented data only."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from civicgrid.cases.models import Case
from civicgrid.core.bulk import BulkWriter, allocate_ids, instance_rows
from civicgrid.disputes.models import Dispute, Party, Session

from .staff import People

AGREEMENT = "disputes/demo/调解协议书示例.pdf"


def store_agreement() -> None:
    """The sample agreement the settled disputes point to, stored once."""
    if not default_storage.exists(AGREEMENT):
        default_storage.save(AGREEMENT, ContentFile(b"%PDF-1.4\n% civicgrid demo agreement\n"))


def write_disputes(writer: BulkWriter, cases: list[tuple[Case, dict]], people: People) -> None:
    """Write the disputes of ``cases`` (each with what ``CaseHistory`` drew for it): the
    parties, and for a settled one the mediation session and its agreement."""
    disputes, parties, sessions = [], [], []
    for (case, info), pk in zip(cases, allocate_ids(Dispute, len(cases)), strict=True):
        disputes.append(
            Dispute(
                pk=pk,
                case_id=case.pk,
                risk=info["risk"],
                complexity=info["complexity"],
                summary=case.description,
                resolved=info["closed"],
            )
        )
        parties += [
            Party(dispute_id=pk, name=name, role=role)
            for name, role in zip(info["parties"], ("applicant", "respondent"), strict=True)
        ]
        # the mediator of the centre that led it, or of the street's centre (a committee)
        mediator = people.mediator(case.lead_unit_id, case.grid.path)
        if info["closed"] and mediator:
            assert case.closed_at is not None  # a closed case knows when it closed
            sessions.append(
                Session(
                    dispute_id=pk,
                    held_at=case.closed_at - dt.timedelta(hours=2),
                    minutes="双方陈述意见后达成一致。",
                    outcome="agreed",
                    agreement=AGREEMENT,
                    recorded_by=mediator,
                    place="社区调解室",
                )
            )
    for model, objs in ((Dispute, disputes), (Party, parties)):
        writer.insert(model, *instance_rows(model, objs))
    for session, pk in zip(sessions, allocate_ids(Session, len(sessions)), strict=True):
        session.pk = pk
    writer.insert(Session, *instance_rows(Session, sessions))
    through = Session.mediators.through
    writer.insert(through, ["session_id", "user_id"], [(s.pk, s.recorded_by.pk) for s in sessions])
