from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agentpath.common.errors import DomainError

from . import duties, selectors, services
from .forms import PathNominationForm


def _render_path(request, employee_no, nav_active, form=None, status=200):
    data = selectors.path_for(request.user, employee_no)
    employee = data["employee"]
    can_nominate = services.can_nominate(request.user, employee)
    if can_nominate and form is None:
        form = PathNominationForm(data["options"], grade=employee.grade)
    return render(request, "talent/path.html", {**data, "nav_active": nav_active, "nomination_form": form,
                                                "can_nominate": can_nominate,
                                                "is_self": employee.pk == request.user.employee_id}, status=status)


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


@require_POST
@login_required
def nominate(request, employee_no):
    """A team leader nominates a member for a move from the member's path page, with a reason."""
    data = selectors.path_for(request.user, employee_no)  # 404 outside the user's scope
    employee = data["employee"]
    form = PathNominationForm(data["options"], request.POST, grade=employee.grade)
    status = 422
    try:  # who may nominate whom is answered first, whatever the move named (as the API does)
        duties.check_may_act(request.user, employee, duties.NOMINATE)
    except DomainError as error:
        messages.error(request, error.message)
        return _render_path(request, employee_no, "people", form=form, status=error.status)
    if form.is_valid():
        try:
            services.nominate(request.user, employee, form.cleaned_data["transition"], form.cleaned_data["reason"])
        except DomainError as error:  # the rule's refusal, with the status the API gives it
            messages.error(request, error.message)
            status = error.status
        else:
            messages.success(request, _("%(name)s is nominated for %(move)s.") % {
                "name": employee.name, "move": form.cleaned_data["transition"].to_level.display_name})
            return redirect("employee-path", employee_no)
    return _render_path(request, employee_no, "people", form=form, status=status)
