from django.urls import path

from . import knowledge_views, repeat_views, views

app_name = "insight"
urlpatterns = [
    path("classes", views.classes, name="classes"),
    path("knowledge/", knowledge_views.article_list, name="articles"),
    path("knowledge/new", knowledge_views.article_edit, name="article_new"),
    path("knowledge/hints", knowledge_views.hints, name="hints"),
    path("knowledge/<int:pk>/", knowledge_views.article, name="article"),
    path("knowledge/<int:pk>/edit", knowledge_views.article_edit, name="article_edit"),
    path("repeats/", repeat_views.repeat_list, name="repeats"),
    path("repeats/<int:pk>/", repeat_views.repeat, name="repeat"),
]
