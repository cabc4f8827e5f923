from django.urls import path

from . import admission_views as av
from . import burden_views, complaint_views, task_views, views

app_name = "duties"
urlpatterns = [
    path("", views.lists, name="lists"),
    path("tasks/", task_views.task_list, name="tasks"),
    path("complaints/", complaint_views.complaint_list, name="complaints"),
    path("complaints/<int:pk>/decide", complaint_views.complaint_decide, name="complaint_decide"),
    path("burden/", burden_views.ranking, name="burden"),
    path("burden/export.xlsx", burden_views.ranking_export, name="burden_export"),
    path("burden/<str:code>/", burden_views.community, name="burden_community"),
    path("applications/", av.application_list, name="applications"),
    path("applications/new/", av.application_new, name="application_new"),
    path("applications/<int:pk>/", av.application_detail, name="application"),
    path("applications/<int:pk>/<slug:action>", av.application_act, name="application_act"),
    path("<slug:kind>/<slug:list_type>/", views.history, name="history"),
    path("<slug:kind>/<slug:list_type>/export.xlsx", views.export, name="export"),
    path("<slug:kind>/<slug:list_type>/import/", views.import_version, name="import"),
]
