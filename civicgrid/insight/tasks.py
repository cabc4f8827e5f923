"""The class suggestion's tasks: the nightly retraining, and the record of each case's
suggestion (``suggestions.record``), never failing the case it is about."""

import logging

from celery import shared_task

log = logging.getLogger(__name__)


@shared_task(name="insight.retrain")
def retrain() -> dict:
    from .suggestions import retrain as run

    row = run()
    return {"documents": row.documents, "cases": row.cases, "classes": row.classes}


@shared_task(name="insight.record_suggestion", ignore_result=True)
def record_suggestion(case_id: int) -> None:
    from civicgrid.cases.models import Case

    from .suggestions import record

    case = Case.objects.select_related("case_class").filter(pk=case_id).first()
    if case is None or not case.description:
        return
    try:
        record(case)
    except Exception:  # the suggestion's record must never cost anything else
        log.exception("class suggestion not recorded for case %s", case_id)


@shared_task(name="insight.count_repeat", ignore_result=True)
def count_repeat(case_id: int) -> None:
    from civicgrid.cases.models import Case

    from .repeats import check

    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        return
    try:
        check(case)
    except Exception:  # a repeat demand's count must never cost anything else
        log.exception("repeat demand not counted for case %s", case_id)


@shared_task(name="insight.hot_spots")
def hot_spots() -> dict:
    from .hotspots import raise_alerts

    return {"raised": len(raise_alerts())}


@shared_task(name="insight.hot_topics")
def hot_topics() -> dict:
    from .topics import make_last_week

    return {"reports": make_last_week()}


@shared_task(name="insight.rule_suggestions")
def rule_suggestions() -> dict:
    from .returns import suggest

    return {"made": len(suggest())}
