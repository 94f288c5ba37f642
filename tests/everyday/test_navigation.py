"""Navigation: the menu, breadcrumbs on pages below the top level, branded error pages in the user's language."""
import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import permission_denied, server_error

from agentpath.accounts.models import Role

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_kpi_import_is_in_the_menu_for_those_allowed_to_import(client, org):
    client.force_login(org.users[Role.QA])
    assert 'href="/kpi/import/"' in client.get("/", **ZH).content.decode()
    client.force_login(org.users[Role.TEAM_LEADER])
    assert 'href="/kpi/import/"' not in client.get("/", **ZH).content.decode()


def test_pages_below_the_top_level_show_breadcrumbs_back_home(client, org):
    client.force_login(org.users[Role.HR_ADMIN])
    member = org.agents["sz-a"][0]
    html = client.get(f"/path/{member.employee_no}/", **ZH).content.decode()
    crumbs = html[html.index('data-testid="breadcrumbs"'):html.index("</ol>")]
    assert '<a href="/">首页</a>' in crumbs and '<a href="/people/">人员</a>' in crumbs and member.employee_no in crumbs
    assert 'data-testid="breadcrumbs"' not in client.get("/", **ZH).content.decode()


def test_unknown_page_is_a_branded_404_in_chinese_with_debug_off(client, org, settings):
    settings.DEBUG = False
    client.force_login(org.users[Role.AGENT])
    response = client.get("/no-such-page/", **ZH)
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html and "返回首页" in html and "坐席职途" in html
    assert "Django" not in html and "URLconf" not in html


def test_out_of_scope_person_is_the_same_branded_404_in_english(client, org, settings):
    settings.DEBUG = False
    client.force_login(org.users[Role.AGENT])
    other = org.agents["gz-a"][0]
    html = client.get(f"/path/{other.employee_no}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page not found" in html and "Back to the home page" in html


def test_server_error_page_is_branded_and_in_the_users_language(settings):
    settings.DEBUG = False
    with translation.override("zh-hans"):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "系统出错了" in html and "返回首页" in html


def test_refusal_page_is_branded_and_in_the_users_language(rf, org, settings):
    settings.DEBUG = False
    request = rf.get("/")
    request.user = org.users[Role.AGENT]
    with translation.override("zh-hans"):
        response = permission_denied(request, PermissionDenied())
    html = response.content.decode()
    assert response.status_code == 403 and "无权操作" in html and "返回首页" in html
