from django.urls import path

from . import board_views, selection_views, views, volunteer_views

app_name = "workforce"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("<int:pk>/", views.worker, name="worker"),
    path("allowances/", views.ledger, name="ledger"),
    path("reports/", views.reports, name="reports"),
    path("scale/", views.scale, name="scale"),
    path("selections/", selection_views.selection_list, name="selections"),
    path("selections/<int:pk>/", selection_views.selection_detail, name="selection"),
    path("boards/", board_views.board_list, name="boards"),
    path("volunteers/", volunteer_views.volunteer_list, name="volunteers"),
    path("boards/<int:pk>/", board_views.board, name="board"),
    path("boards/<int:pk>/print/", board_views.board_print, name="board_print"),
    path("boards/photos/<int:pk>/", board_views.board_photo, name="board_photo"),
]
