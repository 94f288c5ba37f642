import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from .models import Role


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_safe
@login_required
def home(request):
    """Each role lands where its daily work starts."""
    user = request.user
    if user.role == Role.AGENT:
        return redirect("my-path")
    if user.role == Role.HR_ADMIN or user.is_superuser:
        return redirect("careers:roadmap")
    return redirect("org:employee-list")


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers (on /login/ and /admin/login/) while a username is locked at an address."""
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
