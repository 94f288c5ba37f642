from django.urls import path

from . import trainer_views, views

app_name = "learning"
urlpatterns = [
    path("", views.course_list, name="courses"),
    path("me/", views.my_courses, name="my-courses"),
    path("sessions/", views.session_list, name="sessions"),
    path("teams/<str:team_code>/attendance/", views.team_attendance, name="team-attendance"),
    path("results/", views.program_results, name="program-results"),
    path("trainers/", views.trainer_scorecard, name="trainer-scorecard"),
    path("import/", views.import_page, name="import"),
    path("import/<int:pk>/", views.import_status, name="import-status"),
    path("differentiated/", views.differentiation, name="differentiation"),
    path("trainers/people/", trainer_views.trainer_list, name="trainers"),
    path("trainers/people/<str:username>/", trainer_views.trainer_profile, name="trainer-profile"),
]
