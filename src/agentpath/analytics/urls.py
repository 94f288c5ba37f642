from django.urls import path

from . import views, views_risk

app_name = "analytics"
urlpatterns = [
    path("retention/", views.retention, name="retention"),
    path("retention/export.xlsx", views.retention_export, name="retention-export"),
    path("nps-fcr/", views.correlation, name="nps-fcr"),
    path("training/", views.training, name="training-effect"),
    path("risk/", views_risk.risk, name="risk"),
    path("risk/train", views_risk.risk_train, name="risk-train"),
    path("alerts/", views_risk.alerts, name="alerts"),
    path("alerts/<int:alert_id>/acknowledge", views_risk.alert_acknowledge, name="alert-acknowledge"),
    path("alerts/<int:alert_id>/idp-action", views_risk.alert_idp_action, name="alert-idp-action"),
]
