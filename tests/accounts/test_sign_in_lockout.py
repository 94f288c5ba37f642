"""Sign-in lockout with device cookies (OWASP) on django-axes: a browser that has signed in to an account keeps its
own failure count; the account's unknown browsers are locked together, wherever they are, with a pause that grows;
HR sees and lifts lockouts; a lockout never ends a signed-in session. docs/operations.md "Sign-in and lockouts"."""
import datetime

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.test import Client

from agentpath.accounts.models import Role
from agentpath.accounts.services import unlock_sign_in
from agentpath.common.errors import NotFound
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PAUSED_UNKNOWN = "在未登录过的浏览器上密码错误次数过多"
PAUSED_THIS_BROWSER = "在本浏览器上密码错误次数过多"
DESK = {"REMOTE_ADDR": "10.0.0.1"}  # staff share one outgoing address


def sign_in(client, username, password, url="/login/", **meta):
    response = client.post(url, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="zh-hans",
                           **(meta or DESK))
    return response, "_auth_user_id" in client.session


def fail(client, username, times=5, url="/login/", **meta):
    for _ in range(times):
        response, signed_in = sign_in(client, username, "wrong", url, **meta)
        assert not signed_in
    return response


def known_browser(username):
    """A browser the person has signed in with before (it holds the device cookie), signed out again."""
    client = Client()
    _response, signed_in = sign_in(client, username, PASSWORD)
    assert signed_in and client.cookies["agentpath_device"].value
    client.post("/logout/")
    return client


def wait(seconds):
    """Let the clock run on for the failures on record (as if this much time had passed since each)."""
    shift = datetime.timedelta(seconds=seconds)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - shift)
    for expiration in AccessAttemptExpiration.objects.all():
        AccessAttemptExpiration.objects.filter(pk=expiration.pk).update(expires_at=expiration.expires_at - shift)


def test_five_wrong_passwords_from_unknown_browsers_lock_that_user_out_of_unknown_browsers(db):
    UserFactory(username="SZ00408")
    response = fail(Client(), "SZ00408")
    assert response.status_code == 429 and PAUSED_UNKNOWN in response.content.decode()
    response, signed_in = sign_in(Client(), "SZ00408", PASSWORD)
    assert not signed_in
    assert response.status_code == 429 and "15 分钟" in response.content.decode()


def test_the_unknown_browser_lock_holds_from_every_address(db):
    UserFactory(username="SZ00408")
    fail(Client(), "SZ00408", REMOTE_ADDR="10.0.0.1")
    response, signed_in = sign_in(Client(), "SZ00408", PASSWORD, REMOTE_ADDR="10.9.9.9")
    assert not signed_in and response.status_code == 429


def test_a_colleagues_five_failures_do_not_lock_the_owners_known_browser(db):
    UserFactory(username="SZ00408")
    own_desk = known_browser("SZ00408")
    fail(Client(), "SZ00408")  # a colleague's desk, the same outgoing address
    _response, signed_in = sign_in(own_desk, "SZ00408", PASSWORD)
    assert signed_in


def test_another_user_from_the_same_address_still_signs_in(db):
    UserFactory(username="zhang")
    UserFactory(username="li")
    fail(Client(), "zhang")
    _response, signed_in = sign_in(Client(), "li", PASSWORD)
    assert signed_in


def test_each_failure_after_a_lockout_doubles_the_pause(db, settings):
    settings.LOGIN_LOCKOUT_SECONDS = 60
    UserFactory(username="SZ00408")
    fail(Client(), "SZ00408")
    wait(61)
    _response, signed_in = sign_in(Client(), "SZ00408", PASSWORD)  # the first pause is over
    assert signed_in
    fail(Client(), "SZ00408", times=4)  # the failures before the sign-in were of the unknown browsers: cleared
    response = fail(Client(), "SZ00408", times=1)
    assert response.status_code == 429 and "1 分钟" in response.content.decode()
    wait(61)
    response = fail(Client(), "SZ00408", times=1)  # one more failure after the pause: twice as long
    assert response.status_code == 429 and "2 分钟" in response.content.decode()
    wait(61)
    response, signed_in = sign_in(Client(), "SZ00408", PASSWORD)
    assert not signed_in and response.status_code == 429 and "1 分钟" in response.content.decode()
    wait(60)
    _response, signed_in = sign_in(Client(), "SZ00408", PASSWORD)
    assert signed_in


def test_a_refused_attempt_during_a_lockout_does_not_lengthen_it(db, settings):
    settings.LOGIN_LOCKOUT_SECONDS = 60
    UserFactory(username="SZ00408")
    fail(Client(), "SZ00408")
    for _ in range(3):
        response, _signed_in = sign_in(Client(), "SZ00408", "wrong")
        assert response.status_code == 429
    wait(61)
    _response, signed_in = sign_in(Client(), "SZ00408", PASSWORD)
    assert signed_in


def test_a_known_browser_is_locked_after_its_own_five_failures_then_counts_as_unknown(db):
    UserFactory(username="SZ00408")
    own_desk = known_browser("SZ00408")
    response = fail(own_desk, "SZ00408")
    assert response.status_code == 429 and PAUSED_THIS_BROWSER in response.content.decode()
    _response, signed_in = sign_in(Client(), "SZ00408", PASSWORD)  # the unknown browsers were not touched
    assert signed_in
    fail(Client(), "SZ00408")  # now the unknown browsers are locked too, and the locked device is one of them
    response, signed_in = sign_in(own_desk, "SZ00408", PASSWORD)
    assert not signed_in and response.status_code == 429


def test_a_forged_or_someone_elses_device_cookie_is_an_unknown_browser(db):
    UserFactory(username="SZ00408")
    UserFactory(username="SZ00409")
    colleague_desk = known_browser("SZ00409")  # holds a device cookie, for the colleague's account
    fail(Client(), "SZ00408")
    _response, signed_in = sign_in(colleague_desk, "SZ00408", PASSWORD)
    assert not signed_in
    forged = Client()
    forged.cookies["agentpath_device"] = "W1siU1owMDQwOCIsICJ4In1d:forged:signature"
    _response, signed_in = sign_in(forged, "SZ00408", PASSWORD)
    assert not signed_in


def test_a_signed_in_session_survives_a_lockout(db):
    UserFactory(username="SZ00408")
    at_work = Client()
    _response, signed_in = sign_in(at_work, "SZ00408", PASSWORD)
    assert signed_in
    fail(Client(), "SZ00408")
    home = at_work.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert home.status_code == 200 and "_auth_user_id" in at_work.session


def test_the_admin_sign_in_locks_the_same_way(org):
    own_desk = known_browser("hr")
    fail(Client(), "hr", url="/admin/login/")
    response, signed_in = sign_in(Client(), "hr", PASSWORD, url="/admin/login/")
    assert not signed_in and response.status_code == 429
    _response, signed_in = sign_in(own_desk, "hr", PASSWORD, url="/admin/login/")
    assert signed_in


def test_hr_sees_the_lockout_and_lifts_it(org, client_for):
    locked = UserFactory(username="SZ00408", first_name="张峰")
    fail(Client(), "SZ00408")
    hr = client_for(org.users[Role.HR_ADMIN])
    page = hr.get("/accounts/lockouts/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    row = page.split(f'data-username="{locked.username}"')[1].split("</tr>")[0]
    assert "张峰" in row and "未登录过的浏览器" in row and "10.0.0.1" in row and ">5<" in row
    response = hr.post("/accounts/lockouts/lift/", {"username": "SZ00408"}, HTTP_ACCEPT_LANGUAGE="zh-hans",
                       follow=True)
    assert "已解除 SZ00408 的登录锁定。" in response.content.decode()
    assert "当前没有被锁定的账号。" in response.content.decode()
    _response, signed_in = sign_in(Client(), "SZ00408", PASSWORD)
    assert signed_in


def test_hr_sees_and_unlocks_a_locked_user_in_the_admin(org, client_for):
    locked = UserFactory(username="zhang")
    fail(Client(), "zhang")
    hr = client_for(org.users[Role.HR_ADMIN])
    changelist = hr.get("/admin/accounts/user/?sign_in_locked=yes", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "解除登录锁定" in changelist and "登录锁定至" in changelist
    assert "选择此对象执行操作 - zhang" in changelist and "选择此对象执行操作 - hr\"" not in changelist
    response = hr.post("/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [locked.pk]},
                       HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert "已为 1 个用户解除登录锁定" in response.content.decode()
    _response, signed_in = sign_in(Client(), "zhang", PASSWORD)
    assert signed_in


def test_forwarded_for_is_ignored_without_trusted_proxies(org, client_for, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="zhang")
    fail(Client(), "zhang", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
    page = client_for(org.users[Role.HR_ADMIN]).get("/accounts/lockouts/").content.decode()
    assert "127.0.0.1" in page and "203.0.113.1" not in page  # the address HR sees is the one that is known


def test_forwarded_for_is_honoured_behind_one_trusted_proxy(org, client_for, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="zhang")
    # The proxy appends the address it saw: what the client put in front of it does not count.
    fail(Client(), "zhang", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.1")
    page = client_for(org.users[Role.HR_ADMIN]).get("/accounts/lockouts/").content.decode()
    assert "203.0.113.1" in page and "198.51.100.9" not in page
    _response, signed_in = sign_in(Client(), "zhang", PASSWORD, REMOTE_ADDR="127.0.0.1",
                                   HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert not signed_in  # a fresh address is no way out: the account's unknown browsers are locked


def test_only_hr_sees_the_lockouts(org, client_for):
    for role in (Role.AGENT, Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.QA, Role.TRAINER):
        client = client_for(org.users[role])
        assert client.get("/accounts/lockouts/").status_code == 404
        assert client.post("/accounts/lockouts/lift/", {"username": "hr"}).status_code == 404


def test_unlock_sign_in_forgets_every_failure_of_the_account_and_only_hr_may(org):
    UserFactory(username="SZ00408")
    own_desk = known_browser("SZ00408")
    fail(own_desk, "SZ00408", times=2)
    fail(Client(), "SZ00408")
    with pytest.raises(NotFound):
        unlock_sign_in(["SZ00408"], by=org.users[Role.CENTER_MANAGER])
    assert unlock_sign_in(["SZ00408", "nobody"], by=org.users[Role.HR_ADMIN]) == 1
    assert not AccessAttempt.objects.filter(username="SZ00408").exists()
