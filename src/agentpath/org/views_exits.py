"""HR's exit form: an exit with its type, reason, last working day, regretted or not and the interview notes."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from agentpath.common.errors import DomainError
from agentpath.org import scoping

from .forms import ExitForm
from .selectors import employee_for
from .services import record_exit


@require_http_methods(["GET", "POST"])
@login_required
def record_exit_page(request, employee_no: str):
    """HR only (404 for everyone else, as for a person outside one's scope)."""
    if not scoping.can_import_roster(request.user):
        raise Http404
    employee = employee_for(request.user, employee_no)
    form = ExitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record_exit(employee, **form.facts())
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("The exit of %(name)s on %(day)s is recorded.")
                                 % {"name": employee.name, "day": form.cleaned_data["effective_date"]})
                return redirect("org:employee-detail", employee_no=employee.employee_no)
        status = 422
    return render(request, "org/record_exit.html", {"employee": employee, "form": form, "nav_active": "people"},
                  status=status)
