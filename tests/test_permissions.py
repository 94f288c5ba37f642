"""The permission matrix: every role over every page and every API endpoint (DOMAIN.md, roles table).

Pages and endpoints are discovered from the URL configuration and the OpenAPI document, so a new page
or endpoint that is not in this matrix fails the test until its expected access is written down here.
Out-of-scope objects answer 404 (pages and API alike); anonymous visitors are sent to sign in (pages)
or get 401 (API).
"""
import io

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from agentpath.accounts.models import Role
from agentpath.api import api

pytestmark = pytest.mark.django_db

ANON = "anonymous"
ROLES = [ANON, Role.AGENT, Role.TEAM_LEADER, Role.TRAINER, Role.QA, Role.CENTER_MANAGER, Role.HR_ADMIN]
# Employees used as targets: the agent's own record, a team-mate in the leader's team, someone in another
# team of the same center, someone in the other center.
TARGETS = ["own", "team", "center", "other"]
# Teams: the leader's own team, another team of the same center, a team of the other center.
TEAM_TARGETS = ["sz-a", "sz-b", "gz-a"]
CENTER_TARGETS = ["sz", "gz"]
# KPI imports: one made by HR, one made by the QA user.
IMPORT_TARGETS = ["by-hr", "by-qa"]
SZ_SERVING = {Role.TRAINER, Role.QA, Role.CENTER_MANAGER}  # in the fixture these serve the sz center only


def can_see(role, target) -> bool:
    if role == Role.HR_ADMIN:
        return True
    if role == Role.AGENT:
        return target == "own"
    if role == Role.TEAM_LEADER:
        return target in ("own", "team")
    if role in SZ_SERVING:
        return target != "other"
    return False


def scoped(role, target, ok=200):
    if role == ANON:
        return 302
    return ok if can_see(role, target) else 404


def team_scoped(role, team):
    if role == ANON:
        return 302
    if role == Role.HR_ADMIN:
        return 200
    if role == Role.TEAM_LEADER:
        return 200 if team == "sz-a" else 404
    if role in SZ_SERVING:
        return 200 if team.startswith("sz") else 404
    return 404


def center_scoped(role, center):
    if role == ANON:
        return 302
    if role == Role.HR_ADMIN:
        return 200
    return 200 if role in SZ_SERVING and center == "sz" else 404


def import_scoped(role, kpi_import):
    if role == ANON:
        return 302
    if role == Role.HR_ADMIN:
        return 200  # HR sees every import
    return 200 if role == Role.QA and kpi_import == "by-qa" else 404  # QA sees their own


def everyone(ok=200):
    return lambda role, target=None: 302 if role == ANON else ok


def only(*roles, ok=200, denied=404):
    return lambda role, target=None: 302 if role == ANON else (ok if role in roles else denied)


PEOPLE_BROWSERS = (Role.TEAM_LEADER, Role.TRAINER, Role.QA, Role.CENTER_MANAGER, Role.HR_ADMIN)

# url name -> (method, expected(role[, target]), the kind of target its URL takes or False)
PAGES = {
    "home": ("get", everyone(302), False),
    "login": ("get", lambda role, t=None: 200 if role == ANON else 302, False),
    "logout": ("post", lambda role, t=None: 302, False),
    "set_language": ("post", lambda role, t=None: 302, False),
    "my-path": ("get", only(Role.AGENT, Role.TEAM_LEADER), False),  # only accounts linked to an employee
    "employee-path": ("get", scoped, "employee"),
    "careers:roadmap": ("get", everyone(), False),
    "careers:level-detail": ("get", everyone(), False),
    "org:employee-list": ("get", only(*PEOPLE_BROWSERS), False),
    "org:employee-export": ("get", only(*PEOPLE_BROWSERS), False),
    "org:roster-import": ("get", only(Role.HR_ADMIN), False),
    "org:roster-template": ("get", only(Role.HR_ADMIN), False),
    "org:import-errors": ("get", import_scoped, "error-file"),  # an import's full error list: its owner and HR
    "org:employee-detail": ("get", scoped, "employee"),
    # KPI: everyone lands on their own view (agent: own file, leader: team, others: center)
    "performance:index": ("get", everyone(302), False),
    "performance:employee": ("get", scoped, "employee"),
    "performance:team": ("get", team_scoped, "team"),
    "performance:center": ("get", center_scoped, "center"),
    "performance:import": ("get", only(Role.HR_ADMIN, Role.QA), False),
    "performance:import-template": ("get", only(Role.HR_ADMIN, Role.QA), False),
    "performance:import-status": ("get", import_scoped, "import"),
    "performance:import-progress": ("get", import_scoped, "import"),
    "performance:import-report": ("get", import_scoped, "import"),
}
# A representative set of admin pages: HR only; everybody else is sent to the admin's sign-in.
ADMIN_PAGES = ["/admin/", "/admin/careers/level/", "/admin/careers/requirement/", "/admin/org/employee/",
               "/admin/accounts/user/"]


def api_scoped(role, target):
    if role == ANON:
        return 401
    return 200 if can_see(role, target) else 404


def api_everyone(role, target=None):
    return 401 if role == ANON else 200


# (method, OpenAPI path) -> (expected(role[, target]), takes an employee target)
API = {
    ("get", "/api/v1/framework"): (api_everyone, False),
    ("get", "/api/v1/employees"): (api_everyone, False),
    ("get", "/api/v1/employees/{employee_no}"): (api_scoped, True),
    ("get", "/api/v1/employees/{employee_no}/path"): (api_scoped, True),
    ("get", "/api/v1/kpi/metrics"): (api_everyone, False),
    ("get", "/api/v1/kpi/employees/{employee_no}/records"): (api_scoped, True),
    ("get", "/api/v1/kpi/employees/{employee_no}/ranks"): (api_scoped, True),
    ("post", "/api/v1/kpi/records"): (lambda role, t=None: 401 if role == ANON else
                                      (200 if role in (Role.HR_ADMIN, Role.QA) else 403), False),
    ("post", "/api/v1/roster/import"): (lambda role, t=None: 401 if role == ANON else
                                        (422 if role == Role.HR_ADMIN else 403), False),  # HR reaches the
    # importer, which rejects this header-only file; everybody else is refused before reading it
    # HR's error list (from the targets): HR only; anyone else 404, as if it did not exist
    ("get", "/api/v1/import-errors/{name}"): (lambda role, t=None: 401 if role == ANON else
                                              (200 if role == Role.HR_ADMIN else 404), False),
}


def discovered_page_names():
    names = set()

    def walk(patterns, ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner_ns = f"{ns}{p.namespace}:" if p.namespace else ns
                if p.namespace in ("admin", "api") or "api/v1" in str(p.pattern):
                    continue
                walk(p.url_patterns, inner_ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(ns + p.name)

    walk(get_resolver().url_patterns)
    return names


def discovered_api_operations():
    schema = api.get_openapi_schema()
    return {(method, path) for path, ops in schema["paths"].items() for method in ops}


def test_every_page_is_in_the_matrix():
    assert discovered_page_names() - set(PAGES) == set()


def test_every_api_operation_is_in_the_matrix():
    assert discovered_api_operations() - set(API) == set()


@pytest.fixture
def targets(org):
    from agentpath.performance.models import KpiImport

    hr_import = KpiImport.objects.create(source="api", created_by=org.users[Role.HR_ADMIN], status="done")
    qa_import = KpiImport.objects.create(source="api", created_by=org.users[Role.QA], status="done")
    employees = {"own": org.users[Role.AGENT].employee, "team": org.agents["sz-a"][1],
                 "center": org.agents["sz-b"][0], "other": org.agents["gz-a"][0]}
    return {
        "employee": {k: e.employee_no for k, e in employees.items()},
        "team": {code: code for code in TEAM_TARGETS},
        "center": {code: code for code in CENTER_TARGETS},
        "import": {"by-hr": hr_import.pk, "by-qa": qa_import.pk},
        "error-file": {"by-hr": error_file(org.users[Role.HR_ADMIN]), "by-qa": error_file(org.users[Role.QA])},
    }


def error_file(owner):
    from agentpath.common.reports import ImportReport, RowError

    report = ImportReport()
    report.add_errors([RowError(2, "工号", "TS/001", "bad")])
    return report.save_error_file(owner)


TARGET_NAMES = {"employee": TARGETS, "team": TEAM_TARGETS, "center": CENTER_TARGETS, "import": IMPORT_TARGETS,
                "error-file": IMPORT_TARGETS}


def client_as(org, role):
    client = Client()
    if role != ANON:
        client.force_login(org.users[role])
    return client


def page_url(name, arg=None):
    from django.urls import reverse

    if name == "careers:level-detail":
        return reverse(name, args=["mgmt-agent"])
    return reverse(name, args=[arg] if arg is not None else [])


@pytest.mark.parametrize("role", ROLES)
def test_pages_answer_each_role_as_the_matrix_says(org, targets, role):
    client = client_as(org, role)
    failures = []
    for name, (method, expected, takes_target) in PAGES.items():
        for target in (TARGET_NAMES[takes_target] if takes_target else [None]):
            url = page_url(name, targets[takes_target][target] if target else None)
            data = {"language": "en", "next": "/"} if name == "set_language" else {}
            status = getattr(client, method)(url, data).status_code
            want = expected(role, target) if takes_target else expected(role)
            if status != want:
                failures.append((name, target, status, want))
            if name == "logout" and role != ANON:
                client.force_login(org.users[role])
    for url in ADMIN_PAGES:
        status = client.get(url).status_code
        want = 200 if role == Role.HR_ADMIN else 302
        if status != want:
            failures.append((url, None, status, want))
    assert failures == []


@pytest.mark.parametrize("role", ROLES)
def test_api_answers_each_role_as_the_matrix_says(org, targets, role):
    client = client_as(org, role)
    failures = []
    for (method, path), (expected, takes_target) in API.items():
        for target in (TARGETS if takes_target else [None]):
            url = path.replace("{employee_no}", targets["employee"][target]) if target else path
            url = url.replace("{name}", targets["error-file"]["by-hr"])
            if method == "get":
                status = client.get(url).status_code
            elif path == "/api/v1/kpi/records":
                status = client.post(url, {"records": []}, content_type="application/json").status_code
            else:
                upload = io.BytesIO("工号,姓名\n".encode())
                upload.name = "roster.csv"
                status = client.post(url, {"file": upload}).status_code
            want = expected(role, target) if takes_target else expected(role)
            if status != want:
                failures.append((method, path, target, status, want))
    assert failures == []


@pytest.mark.parametrize("role,count", [(Role.AGENT, 1), (Role.TEAM_LEADER, 4), (Role.CENTER_MANAGER, 8),
                                        (Role.HR_ADMIN, 12)])
def test_employee_list_api_returns_exactly_the_scope(org, role, count):
    data = client_as(org, role).get("/api/v1/employees").json()
    assert data["count"] == count
