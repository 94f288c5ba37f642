"""Sign-in, throttling, tokens and production settings."""
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from agentpath.accounts.models import ApiToken, Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.real_hasher
def test_passwords_are_stored_hashed():
    user = UserFactory(username="li")
    assert user.password.startswith(("pbkdf2_sha256$", "argon2", "bcrypt"))
    assert PASSWORD not in user.password


def test_login_pauses_after_five_failures_even_with_the_right_password(client):
    UserFactory(username="zhang")
    for attempt in range(5):
        r = client.post("/login/", {"username": "zhang", "password": "wrong"})
        assert r.status_code == (429 if attempt == 4 else 200)  # the fifth failure locks
    r = client.post("/login/", {"username": "zhang", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "密码错误次数过多" in r.content.decode()


def test_each_role_lands_on_its_own_home_page(client, org):
    expected = {Role.AGENT: 'id="next-step"', Role.HR_ADMIN: 'id="pyramid"', Role.TEAM_LEADER: 'id="ready"',
                Role.CENTER_MANAGER: 'id="pyramid"'}
    for role, card in expected.items():
        client.force_login(org.users[role])
        response = client.get("/")
        assert response.status_code == 200 and card in response.content.decode()


def test_api_rejects_anonymous_and_accepts_a_bearer_token(org):
    anonymous = Client()
    assert anonymous.get("/api/v1/framework").status_code == 401
    call_command("token", "create", "--user", "hr", stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))
    _, key = ApiToken.issue(org.users[Role.HR_ADMIN], "acd")
    r = anonymous.get("/api/v1/framework", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200
    assert {t["code"] for t in r.json()["tracks"]} >= {"mgmt", "pro", "vip", "cola"}
    assert anonymous.get("/api/v1/framework", HTTP_AUTHORIZATION="Bearer ap_wrong").status_code == 401


def test_a_revoked_token_no_longer_works(org):
    token, key = ApiToken.issue(org.users[Role.HR_ADMIN])
    call_command("token", "revoke", token.prefix, stdout=open(os.devnull, "w"))
    assert Client().get("/api/v1/framework", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_session_api_writes_need_the_csrf_token(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.users[Role.HR_ADMIN])
    r = client.post("/api/v1/roster/import", {})
    assert r.status_code == 403


@pytest.mark.engine_independent  # Django's deployment checks read settings, not the database
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {**os.environ, "AGENTPATH_ENV": "production", "SECRET_KEY": "x" * 64 + "production-secret-key-abc",
           "ALLOWED_HOSTS": "agentpath.example.com", "DEBUG": "0", "AGENTPATH_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run([sys.executable, "-m", "agentpath.manage", "check", "--deploy", "--fail-level", "WARNING"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
