from django.urls import path

from . import intake_views, views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", intake_views.case_new, name="new"),
    path("returns/", views.returns_by_rule, name="returns"),
    path("export", views.case_export, name="export"),
    path("bulk/<str:action>", views.case_bulk, name="bulk"),
    path("new/classes", intake_views.class_options, name="class_options"),
    path("new/questions", intake_views.class_questions, name="class_questions"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/act/<str:action>", views.case_act, name="act"),
    path("<int:pk>/reporter-phone", views.reporter_phone, name="reporter_phone"),
    path("<int:pk>/attachments/<int:attachment_id>", views.attachment, name="attachment"),
]
