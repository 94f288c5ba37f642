from django.urls import path

from . import views, views_exits

app_name = "org"
urlpatterns = [
    path("", views.employee_list, name="employee-list"),
    path("export.xlsx", views.employee_export, name="employee-export"),
    path("import/", views.roster_import, name="roster-import"),
    path("import/template.xlsx", views.roster_template, name="roster-template"),
    path("import/errors/<str:name>", views.import_errors, name="import-errors"),
    path("import/org/", views.org_import, name="org-import"),
    path("import/org/template.xlsx", views.org_template, name="org-template"),
    path("<str:employee_no>/exit/", views_exits.record_exit_page, name="record-exit"),
]
