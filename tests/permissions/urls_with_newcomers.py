"""The project's URLs plus a page and a form nobody has written down (test_discovery shows the matrix fails)."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from agentpath.urls import urlpatterns as project_urlpatterns


@login_required
def newcomer(request):
    return HttpResponse("ok")


urlpatterns = [*project_urlpatterns, path("newcomer/", newcomer, name="newcomer")]
