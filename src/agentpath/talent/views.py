from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import selectors


def _render_path(request, employee_no, nav_active):
    data = selectors.path_for(request.user, employee_no)
    return render(request, "talent/path.html", {**data, "nav_active": nav_active,
                                                "is_self": data["employee"].pk == request.user.employee_id})


@require_safe
@login_required
def my_path(request):
    if not request.user.employee_id:
        raise Http404  # an account with no employee record has no path of its own
    return _render_path(request, request.user.employee.employee_no, "my-path")


@require_safe
@login_required
def employee_path(request, employee_no):
    return _render_path(request, employee_no, "people")
