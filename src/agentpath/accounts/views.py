from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from .forms import ThrottledLoginForm
from .models import Role


class LoginView(auth_views.LoginView):
    form_class = ThrottledLoginForm
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
