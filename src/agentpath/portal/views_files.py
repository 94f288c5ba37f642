from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .files import employee_files

TABS = ("profile", "growth", "performance")


@require_safe
@login_required
def employee_detail(request, employee_no):
    """The three files of one person as one page with three tabs; 404 outside the user's scope."""
    files = employee_files(request.user, employee_no)
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "profile"
    nav = "my-files" if files["employee"].pk == request.user.employee_id else "people"
    return render(request, "portal/employee_files.html", {**files, "tab": tab, "nav_active": nav})
