from django.urls import path

from . import views

app_name = "performance"
urlpatterns = [
    path("", views.index, name="index"),
    path("employees/<str:employee_no>/", views.employee_performance, name="employee"),
    path("teams/<str:team_code>/", views.team_view, name="team"),
    path("teams/<str:team_code>/export.xlsx", views.team_export, name="team-export"),
    path("centers/<str:center_code>/", views.center_view, name="center"),
    path("centers/<str:center_code>/bottom-half.xlsx", views.center_bottom_export, name="center-bottom-export"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import-template"),
    path("import/history.xlsx", views.import_history_export, name="import-history-export"),
    path("import/<int:pk>/", views.import_status, name="import-status"),
    path("import/<int:pk>/progress/", views.import_progress, name="import-progress"),
    path("import/<int:pk>/errors.xlsx", views.import_report, name="import-report"),
]
