from django.urls import path

from . import views

app_name = "careers"
urlpatterns = [
    path("roadmap/", views.roadmap, name="roadmap"),
    path("levels/<slug:code>/", views.level_detail, name="level-detail"),
]
