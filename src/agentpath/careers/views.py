from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def roadmap(request):
    return HttpResponse("todo")


@login_required
def level_detail(request, code):
    return HttpResponse("todo")
