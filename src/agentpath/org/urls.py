from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("", views.employee_list, name="employee-list"),
    path("import/", views.roster_import, name="roster-import"),
    path("<str:employee_no>/", views.employee_detail, name="employee-detail"),
]
