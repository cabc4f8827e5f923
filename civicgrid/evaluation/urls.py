from django.urls import path

from . import assessment_views as av
from . import consequence_views, round_views, views, worker_views

app_name = "evaluation"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("cases/", views.cases, name="cases"),
    path("indicators/", views.library, name="library"),
    path("rankings/", views.rankings, name="rankings"),
    path("consequences/", consequence_views.consequence_list, name="consequences"),
    path("rounds/", round_views.round_list, name="rounds"),
    path("rounds/<int:pk>/", round_views.round_results, name="round_results"),
    path("rounds/<int:pk>/rate/", round_views.round_rate, name="round_rate"),
    path("rounds/<int:pk>/sheets", round_views.round_sheet, name="round_sheet"),
    path("assessments/", av.round_list, name="assessment_rounds"),
    path("assessments/verdicts/", worker_views.verdict_list, name="verdicts"),
    path(
        "assessments/<int:pk>/<int:apk>/groups/<int:item_pk>",
        worker_views.assessment_rate,
        name="assessment_rate",
    ),
    path(
        "assessments/<int:pk>/<int:apk>/verdict",
        worker_views.assessment_verdict,
        name="assessment_verdict",
    ),
    path("assessments/<int:pk>/", av.round_standings, name="assessment_round"),
    path("assessments/<int:pk>/<int:apk>/", av.assessment_detail, name="assessment"),
    path(
        "assessments/<int:pk>/<int:apk>/certificate",
        av.assessment_certificate,
        name="assessment_certificate",
    ),
    path(
        "assessments/<int:pk>/<int:apk>/items/<int:item_pk>",
        av.assessment_score,
        name="assessment_score",
    ),
    path(
        "assessments/<int:pk>/<int:apk>/scores/<int:score_pk>/appeal",
        av.assessment_appeal,
        name="assessment_appeal",
    ),
    path(
        "assessments/<int:pk>/<int:apk>/scores/<int:score_pk>/evidence",
        av.assessment_evidence,
        name="assessment_evidence",
    ),
    path(
        "assessments/<int:pk>/<int:apk>/appeals/<int:appeal_pk>/decide",
        av.assessment_decide,
        name="assessment_decide",
    ),
]
