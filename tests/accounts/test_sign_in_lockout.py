"""Sign-in lockout (django-axes): by username and address together, proxy-aware, on the admin too; HR unlocks."""
import pytest
from django.test import Client

from agentpath.accounts.models import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "登录失败次数过多"


def sign_in(client, username, password, url="/login/", **meta):
    response = client.post(url, {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE="zh-hans",
                           **meta)
    return response, "_auth_user_id" in client.session


def fail_five_times(username, url="/login/", **meta):
    client = Client()
    for _ in range(5):
        _response, signed_in = sign_in(client, username, "wrong", url, **meta)
        assert not signed_in


def test_five_wrong_passwords_lock_that_user_from_that_address(db):
    UserFactory(username="zhang")
    fail_five_times("zhang", REMOTE_ADDR="10.0.0.1")
    response, signed_in = sign_in(Client(), "zhang", PASSWORD, REMOTE_ADDR="10.0.0.1")
    assert not signed_in
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_the_locked_user_still_signs_in_from_another_address(db):
    UserFactory(username="zhang")
    fail_five_times("zhang", REMOTE_ADDR="10.0.0.1")
    _response, signed_in = sign_in(Client(), "zhang", PASSWORD, REMOTE_ADDR="10.0.0.2")
    assert signed_in


def test_another_user_from_the_same_address_still_signs_in(db):
    UserFactory(username="zhang")
    UserFactory(username="li")
    fail_five_times("zhang", REMOTE_ADDR="10.0.0.1")
    _response, signed_in = sign_in(Client(), "li", PASSWORD, REMOTE_ADDR="10.0.0.1")
    assert signed_in


def test_the_admin_sign_in_locks_the_same_way(org):
    fail_five_times("hr", url="/admin/login/", REMOTE_ADDR="10.0.0.1")
    response, signed_in = sign_in(Client(), "hr", PASSWORD, url="/admin/login/", REMOTE_ADDR="10.0.0.1")
    assert not signed_in and response.status_code == 429
    _response, signed_in = sign_in(Client(), "hr", PASSWORD, url="/admin/login/", REMOTE_ADDR="10.0.0.2")
    assert signed_in


def test_hr_unlocks_a_locked_user_in_the_admin(org, client_for):
    locked = UserFactory(username="zhang")
    fail_five_times("zhang", REMOTE_ADDR="10.0.0.1")
    hr = client_for(org.users[Role.HR_ADMIN])
    changelist = hr.get("/admin/accounts/user/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "解除登录锁定" in changelist
    response = hr.post("/admin/accounts/user/", {"action": "unlock_sign_in", "_selected_action": [locked.pk]},
                       HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert "已为 1 个用户解除登录锁定" in response.content.decode()
    _response, signed_in = sign_in(Client(), "zhang", PASSWORD, REMOTE_ADDR="10.0.0.1")
    assert signed_in


def test_forwarded_for_is_ignored_without_trusted_proxies(db, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="zhang")
    fail_five_times("zhang", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
    _response, signed_in = sign_in(Client(), "zhang", PASSWORD, REMOTE_ADDR="127.0.0.1",
                                   HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert not signed_in  # a client cannot pick a fresh address by sending the header itself


def test_forwarded_for_is_honoured_behind_one_trusted_proxy(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="zhang")
    fail_five_times("zhang", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
    # The proxy appends the address it saw: what the client put in front of it does not count.
    _response, signed_in = sign_in(Client(), "zhang", PASSWORD, REMOTE_ADDR="127.0.0.1",
                                   HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.1")
    assert not signed_in
    _response, signed_in = sign_in(Client(), "zhang", PASSWORD, REMOTE_ADDR="127.0.0.1",
                                   HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert signed_in
