from django.urls import path

from . import views

app_name = "finance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("duties/", views.duties, name="duties"),
    path("claims/<int:pk>/", views.claim, name="claim"),
    path("receipts/<int:pk>/scan", views.receipt_scan, name="receipt_scan"),
    path("<str:code>/", views.account, name="account"),
    path("<str:code>/statements/<int:year>/<int:quarter>/", views.statement, name="statement"),
]
