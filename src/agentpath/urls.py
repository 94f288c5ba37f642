from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from agentpath.accounts import views as account_views
from agentpath.org import urls as org_urls
from agentpath.portal import urls as portal_urls
from agentpath.portal import views as portal_views
from agentpath.talent import views as talent_views

from .api import api

admin.site.site_header = _("AgentPath administration")
admin.site.site_title = _("AgentPath")
admin.site.index_title = _("Framework, people and rules")

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/lockouts/", account_views.lockouts, name="sign-in-lockouts"),
    path("accounts/lockouts/lift/", account_views.lift_lockout, name="sign-in-lockout-lift"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("me/path/", talent_views.my_path, name="my-path"),
    path("path/<str:employee_no>/", talent_views.employee_path, name="employee-path"),
    path("path/<str:employee_no>/nominate/", talent_views.nominate, name="employee-nominate"),
    path("careers/", include("agentpath.org.roadmap_urls")),
    # The people pages of org and a person's three files (portal) share the namespace "org".
    path("people/", include((org_urls.urlpatterns + portal_urls.people_patterns, org_urls.app_name))),
    path("kpi/", include("agentpath.performance.urls")),
    path("talent/", include("agentpath.talent.urls")),
    path("exams/", include("agentpath.exams.urls")),
    path("training/", include("agentpath.learning.urls")),
    path("development/", include("agentpath.development.urls")),
    path("recognition/", include("agentpath.recognition.urls")),
    path("analytics/", include("agentpath.analytics.urls")),
    path("inbox/", include("agentpath.inbox.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
