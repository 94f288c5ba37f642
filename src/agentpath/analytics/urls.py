from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("retention/", views.retention, name="retention"),
    path("retention/export.xlsx", views.retention_export, name="retention-export"),
    path("nps-fcr/", views.correlation, name="nps-fcr"),
]
