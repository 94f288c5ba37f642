"""`agentpath user create`: a sign-in for a person of the roster, with a role; clear errors; no password on argv."""
import io
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from agentpath.accounts.models import Role, User

PASSWORD = "Kefu-2026-sz!"


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def create(monkeypatch, *args, password=PASSWORD):
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("user", "create", *args, "--password-stdin", stdout=out)
    return out.getvalue()


def test_a_team_leader_signs_in_with_the_employee_number_and_sees_their_team(org, monkeypatch, english, client):
    leader = org.leaders["sz-b"]
    User.objects.filter(employee=leader).delete()

    out = create(monkeypatch, "--role", "team_leader", "--employee", leader.employee_no)

    user = User.objects.get(username=leader.employee_no)
    assert user.role == Role.TEAM_LEADER and user.employee == leader
    assert f"Created user {leader.employee_no} with role Team leader" in out
    signed_in = client.post("/login/", {"username": leader.employee_no, "password": PASSWORD})
    assert signed_in.status_code == 302 and not signed_in.url.startswith("/login/")
    assert client.get(f"/people/{org.agents['sz-b'][0].employee_no}/").status_code == 200


def test_a_center_manager_serves_the_centers_named(org, monkeypatch, english):
    person = org.agents["gz-a"][0]
    User.objects.filter(employee=person).delete()

    create(monkeypatch, "--role", "center_manager", "--employee", person.employee_no, "--username", "gz-boss",
           "--centers", "gz,sz")

    user = User.objects.get(username="gz-boss")
    assert sorted(user.centers.values_list("code", flat=True)) == ["gz", "sz"]


@pytest.mark.parametrize(("args", "message"), [
    (["--role", "boss", "--employee", "E1"], "Unknown role boss. Accepted roles: agent (Agent), team_leader"),
    (["--role", "agent", "--employee", "NOPE1"], "No employee has number NOPE1; import the roster first"),
    (["--role", "qa", "--username", "qa1", "--centers", "zz"], "Unknown center zz. Accepted: gz, sz."),
    (["--role", "agent", "--employee", "{agent}", "--centers", "sz"], "Only center managers, QA and trainers"),
    (["--role", "agent", "--employee", "{agent}"], "already has a user"),
    (["--role", "agent"], "needs the employee record: give --employee NO"),
])
def test_mistakes_are_named_and_nothing_is_created(org, monkeypatch, english, args, message):
    agent = org.agents["sz-a"][0]
    before = User.objects.count()
    args = [a.replace("{agent}", agent.employee_no) for a in args]

    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        create(monkeypatch, *args)
    assert User.objects.count() == before


def test_a_weak_password_is_refused_in_chinese(org, monkeypatch):
    person = org.agents["sz-a"][1]
    User.objects.filter(employee=person).delete()
    with translation.override("zh-hans"), pytest.raises(CommandError, match="密码"):
        create(monkeypatch, "--role", "agent", "--employee", person.employee_no, password="123")
    assert not User.objects.filter(employee=person).exists()


def test_the_password_is_never_an_argument_and_needs_a_terminal_or_stdin():
    help_text = subprocess.run([sys.executable, "-m", "agentpath.manage", "user", "create", "--help"],
                               capture_output=True, text=True, check=True).stdout
    assert "--password-stdin" in help_text and "--password " not in help_text
    done = subprocess.run([sys.executable, "-m", "agentpath.manage", "user", "create", "--role", "hr_admin",
                           "--username", "x"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={"LANGUAGE": "en", "PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:"})
    assert done.returncode == 1 and "--password-stdin" in done.stderr
