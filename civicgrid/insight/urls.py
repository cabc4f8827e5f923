from django.urls import path

from . import knowledge_views, repeat_views, rule_views, similar_views, topic_views, views

app_name = "insight"
urlpatterns = [
    path("classes", views.classes, name="classes"),
    path("classes/public", views.portal_classes, name="portal_classes"),
    path("knowledge/", knowledge_views.article_list, name="articles"),
    path("knowledge/new", knowledge_views.article_edit, name="article_new"),
    path("knowledge/hints", knowledge_views.hints, name="hints"),
    path("knowledge/<int:pk>/", knowledge_views.article, name="article"),
    path("knowledge/<int:pk>/edit", knowledge_views.article_edit, name="article_edit"),
    path("similar", similar_views.at_intake, name="similar"),
    path("similar/<int:pk>/", similar_views.for_case, name="similar_case"),
    path("similar/<int:pk>/link", similar_views.link, name="link"),
    path("repeats/", repeat_views.repeat_list, name="repeats"),
    path("topics/", topic_views.topic_report, name="topics"),
    path("rules/", rule_views.suggestion_list, name="rule_suggestions"),
    path("rules/<int:pk>/", rule_views.suggestion, name="rule_suggestion"),
    path("repeats/<int:pk>/", repeat_views.repeat, name="repeat"),
]
