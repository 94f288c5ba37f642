from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    path("runs/", views.runs, name="runs"),
    path("awards.xlsx", views.export, name="export"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("<str:employee_no>/nominate/", views.nominate, name="nominate"),
    path("awards/<int:award_id>/revoke/", views.revoke, name="revoke"),
]
