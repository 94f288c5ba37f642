"""Succession bench pages (thin: reads in talent.review_selectors, every rule and who may act in
talent.succession). HR and managers, their centers."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from agentpath.common.errors import DomainError

from . import page_refusals, succession
from . import review_selectors as selectors


def _back(request) -> str:
    return f"{reverse('talent:succession')}?center={request.POST.get('center', '')}"


def _page(request, center_code: str | None, form_data=None):
    return render(request, "talent/succession.html", {**selectors.succession_page(request.user, center_code),
                                                      "form_data": form_data or {}, "nav_active": "succession"})


def _refused(request, error: DomainError):
    """The refusal's message on the center's benches, the add form keeping what was chosen."""
    return page_refusals.answer(request, error, lambda: _page(request, request.POST.get("center"), request.POST))


@require_safe
@login_required
def succession_page(request):
    try:
        return _page(request, request.GET.get("center"))
    except DomainError as error:
        return page_refusals.answer(request, error, lambda: _page(request, None))


@require_POST
@login_required
def succession_add(request):
    try:
        center = selectors.decider_center(request.user, request.POST.get("center", ""))
        entry = succession.add_to_bench(center=center, position=selectors.key_position(request.POST.get("position", "")),
                                employee=selectors.bench_person(request.user, center, request.POST.get("employee")),
                                readiness=request.POST.get("readiness", ""), by=request.user,
                                note=request.POST.get("note", ""))
    except DomainError as error:
        return _refused(request, error)
    messages.success(request, _("%(name)s is on the bench of %(p)s: %(readiness)s.")
                     % {"name": entry.employee.name, "p": entry.position.display_name,
                        "readiness": entry.get_readiness_display()})
    return redirect(_back(request))


def _on_bench_entry(request, act):
    """`act(entry)` on the bench place the form names (center, position, employee); back to the center's benches."""
    try:
        act(selectors.bench_entry_for(request.user, request.POST.get("center", ""), request.POST.get("position", ""),
                                      request.POST.get("employee", "")))
    except DomainError as error:
        return _refused(request, error)
    return redirect(_back(request))


@require_POST
@login_required
def succession_readiness(request):
    return _on_bench_entry(request, lambda entry: succession.change_readiness(
        entry, by=request.user, readiness=request.POST.get("readiness", "")))


@require_POST
@login_required
def succession_remove(request):
    return _on_bench_entry(request, lambda entry: succession.remove_from_bench(
        entry, by=request.user, reason=request.POST.get("reason", "")))
