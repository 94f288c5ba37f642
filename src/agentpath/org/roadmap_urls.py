from django.urls import path

from . import roadmap_views as views

app_name = "careers"  # the framework's pages keep their names; org serves them with the head-counts
urlpatterns = [
    path("roadmap/", views.roadmap, name="roadmap"),
    path("levels/<slug:code>/", views.level_detail, name="level-detail"),
]
