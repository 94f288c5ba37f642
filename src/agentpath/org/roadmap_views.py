"""The career roadmap and a level's page: the framework (careers) with the people at each level (org)."""
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from agentpath.careers import selectors as framework

from . import roadmap as with_people
from . import scoping
from .filters import EmployeeFilter
from .selectors import employees_at_level
from .tables import PAGE_SIZES, EmployeeTable

LEVEL_PAGE_SIZE = 25


@require_safe
@login_required
def roadmap(request):
    data = with_people.roadmap(request.user)
    chart = framework.roadmap_chart(data, lambda level: reverse("careers:level-detail", args=[level.code]))
    return render(request, "careers/roadmap.html", {**data, "chart": chart, "nav_active": "roadmap"})


@require_safe
@login_required
def level_detail(request, code):
    data = with_people.level_detail(request.user, code)
    if data is None:
        raise Http404
    # The level's people: the same table, filters, sorting, paging and export as the people list.
    people = EmployeeFilter(request.GET, employees_at_level(request.user, data["level"]), user=request.user)
    table = EmployeeTable(people.qs, user=request.user, exclude=("level", "center"))
    size = request.GET.get("per_page", "")
    RequestConfig(request, paginate={"per_page": int(size) if size.isdigit() and int(size) in PAGE_SIZES
                                     else LEVEL_PAGE_SIZE}).configure(table)
    return render(request, "careers/level_detail.html", {
        **data, "people_filter": people, "people_table": table, "page_sizes": PAGE_SIZES,
        "can_export": scoping.can_browse_people(request.user), "nav_active": "roadmap"})
