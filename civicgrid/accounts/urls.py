from django.urls import path

from . import audit_views, views

app_name = "accounts"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/new", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke", views.token_revoke, name="token_revoke"),
    path("audit/", audit_views.power_audit, name="power_audit"),
]
