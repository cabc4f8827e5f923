"""The pages under /duties/: the duty lists (public), and the work with them. Their URL names
keep the ``duties`` namespace they have always had."""

from django.urls import path

from . import admission_views, burden_views, complaint_views, list_views, task_views

app_name = "duties"
urlpatterns = [
    path("", list_views.lists, name="lists"),
    path("tasks/", task_views.task_list, name="tasks"),
    path("complaints/", complaint_views.complaint_list, name="complaints"),
    path("complaints/<int:pk>/decide", complaint_views.complaint_decide, name="complaint_decide"),
    path("burden/", burden_views.ranking, name="burden"),
    path("burden/export.xlsx", burden_views.ranking_export, name="burden_export"),
    path("burden/<str:code>/", burden_views.community, name="burden_community"),
    path("applications/", admission_views.application_list, name="applications"),
    path("applications/new/", admission_views.application_new, name="application_new"),
    path("applications/<int:pk>/", admission_views.application_detail, name="application"),
    path(
        "applications/<int:pk>/<slug:action>",
        admission_views.application_act,
        name="application_act",
    ),
    path("<slug:kind>/<slug:list_type>/", list_views.history, name="history"),
    path("<slug:kind>/<slug:list_type>/export.xlsx", list_views.export, name="export"),
    path("<slug:kind>/<slug:list_type>/import/", list_views.import_version, name="import"),
]
