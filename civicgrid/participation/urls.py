from django.urls import path

from . import council_views as cv
from . import opinion_views as ov
from . import public_views as public
from . import views

app_name = "participation"
urlpatterns = [
    path("", views.call_list, name="calls"),
    path("<int:pk>/", views.call_detail, name="call"),
    path("<int:pk>/<slug:action>", views.call_act, name="call_act"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("receipts/<int:pk>", views.receipt, name="receipt"),
    path("councils/", cv.council_list, name="councils"),
    path("councils/<int:pk>/", cv.council_detail, name="council"),
    path("meetings/", cv.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", cv.meeting_detail, name="meeting"),
    path("opinions/", ov.opinion_list, name="opinions"),
    path("claims/", ov.claim_list, name="claims"),
    path("public/", public.call_list, name="public_calls"),
    path("public/meetings/", cv.published_meetings, name="public_meetings"),
    path("public/opinions/new", ov.opinion_give, name="public_opinion"),
    path("public/<int:pk>/", public.call_page, name="public_call"),
    path("public/<int:pk>/propose", public.propose, name="public_propose"),
    path("public/<int:pk>/nominate", public.nominate, name="public_nominate"),
    path("public/<int:pk>/vote", public.vote, name="public_vote"),
    path("public/projects/<int:pk>/rate", public.rate, name="public_rate"),
]
