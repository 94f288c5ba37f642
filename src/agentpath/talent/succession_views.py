"""Succession bench pages (thin; rules in talent.succession). HR and managers, their centers."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agentpath.careers.models import Position
from agentpath.org.models import Employee

from . import round_selectors as selectors
from . import succession
from .models import SuccessionCandidate


@require_safe
@login_required
def succession_page(request):
    centers, center = selectors.center_shown(request.user, request.GET.get("center"))
    return render(request, "talent/succession.html", {
        "center": center, "centers": centers, "positions": succession.benches(center),
        "key_positions": Position.objects.filter(is_key=True).order_by("code"),
        "people": Employee.objects.filter(center=center, status=Employee.Status.ACTIVE).order_by("employee_no"),
        "readiness": SuccessionCandidate.Readiness.choices, "nav_active": "succession"})


@require_POST
@login_required
def succession_add(request):
    center = selectors.center_to_open(request.user, request.POST.get("center", ""), or_404=True)
    position = Position.objects.filter(code=request.POST.get("position", "")).first()
    employee = Employee.objects.filter(center=center, employee_no=request.POST.get("employee", "")).first()
    try:
        if position is None or employee is None:
            raise ValidationError(_choose())
        succession.add_to_bench(center=center, position=position, employee=employee,
                                readiness=request.POST.get("readiness", ""), by=request.user,
                                note=request.POST.get("note", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(f"{reverse('talent:succession')}?center={center.code}")


def _choose():
    return _("Choose a key position and a person of the center.")
