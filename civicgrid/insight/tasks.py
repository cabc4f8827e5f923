"""The nightly retraining of the class suggestion (``suggestions.retrain``)."""

from celery import shared_task


@shared_task(name="insight.retrain")
def retrain() -> dict:
    from .suggestions import retrain as run

    row = run()
    return {"documents": row.documents, "cases": row.cases, "classes": row.classes}
