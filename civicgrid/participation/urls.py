from django.urls import path

from . import public_views as public
from . import views

app_name = "participation"
urlpatterns = [
    path("", views.call_list, name="calls"),
    path("<int:pk>/", views.call_detail, name="call"),
    path("<int:pk>/<slug:action>", views.call_act, name="call_act"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("receipts/<int:pk>", views.receipt, name="receipt"),
    path("public/", public.call_list, name="public_calls"),
    path("public/<int:pk>/", public.call_page, name="public_call"),
    path("public/<int:pk>/propose", public.propose, name="public_propose"),
    path("public/<int:pk>/vote", public.vote, name="public_vote"),
    path("public/projects/<int:pk>/rate", public.rate, name="public_rate"),
]
