from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
@login_required
def roadmap(request):
    data = selectors.roadmap(request.user)
    chart = selectors.roadmap_chart(data, lambda level: reverse("careers:level-detail", args=[level.code]))
    return render(request, "careers/roadmap.html", {**data, "chart": chart, "nav_active": "roadmap"})


@require_safe
@login_required
def level_detail(request, code):
    data = selectors.level_detail(request.user, code)
    if data is None:
        raise Http404
    return render(request, "careers/level_detail.html", {**data, "nav_active": "roadmap"})
