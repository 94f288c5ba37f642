"""The permission matrix: who gets what from every page, form, admin page and API operation (DOMAIN.md, roles).

The tests next to this file discover every URL name, every page that accepts POST, every model registered in
the admin (with its URLs and actions) and every OpenAPI operation, and fail, naming the newcomer, until it has
an entry here. Entries that no longer match anything fail too.

Outcomes: LOGIN (302 to the sign-in page, with ?next=), ADMIN_LOGIN (302 to the admin's sign-in), 200, 302 (a
success that redirects elsewhere), 403 (refused), 404 (out of scope, or not a page for this role), 405, and 401
for an anonymous API call. Every POST carries a valid CSRF token taken from a page, so 403 never means "CSRF".

Adding an entry is one line (examples):
  PAGES         "talent:round-detail": Page(scoped, "employee"),
                    GET; rule(role, target) -> outcome; kind: a TARGETS key naming the URL's argument, or omitted
  POSTS         "talent:nominate": Post(only(TL, HR, ok=302), lambda d: {"reason": "x"}, "employee"),
                    sent with a valid CSRF token; data(d) -> the form's fields (d: the data in conftest.py).
                    A page without a POSTS entry must answer POST with 405: give a GET-only view
                    `@require_safe` above `@login_required`.
  ADMIN_MODELS  "talent.round": AdminModel(lambda d: d.spare["round"]),
                    obj(d) -> the row HR opens, changes and deletes (add it to conftest.build_spare_rows); HR's
                    outcomes default to add=200, change=302, delete=302, actions={"delete_selected": 200}
                    (VIEW_ONLY, NO_ADD for read-only admins); every other role meets the admin's sign-in
  ADMIN_SITE    "admin:my-report": AdminPage(lambda d: "/admin/my-report/", 200),   admin URLs of no model
  API           ("post", "/api/v1/rounds"): Op(api_only(HR, ok=201)),   rule(role, target) -> status; a POST's
                    body goes in API_BODIES
A new kind of URL argument needs a TARGETS key here and its values in conftest.build (d.targets).
Rules: everyone(), only(*roles), always(status), scoped, team_scoped, center_scoped, import_scoped; for the
API: api_everyone, api_scoped, api_only(*roles).
"""
from collections.abc import Callable
from typing import NamedTuple

from agentpath.accounts.models import Role

ANON = "anonymous"
ROLES = [ANON, Role.AGENT, Role.TEAM_LEADER, Role.TRAINER, Role.QA, Role.CENTER_MANAGER, Role.HR_ADMIN]
HR, QA, TL, AGENT = Role.HR_ADMIN, Role.QA, Role.TEAM_LEADER, Role.AGENT
LOGIN, ADMIN_LOGIN = "→login", "→admin login"

# The targets a URL argument can name (the data in conftest.py). Employees: the agent's own record, a team-mate
# in the leader's team (sz-a), someone in another team of the same center, someone in the other center, and an
# employee of team sz-a who has exited (status exited, exit date in the past).
TARGETS = {
    "employee": ["own", "team", "center", "other", "exited"],
    "team": ["sz-a", "sz-b", "gz-a"],  # the leader's own team, another team of sz, a team of gz
    "center": ["sz", "gz"],
    "import": ["by-hr", "by-qa"],  # KPI imports made by HR and by the QA user
    "error-file": ["by-hr", "by-qa"],  # the full error lists of imports made by HR and by the QA user
    "level": ["mgmt-agent"],
}
SZ_SERVING = {Role.TRAINER, Role.QA, Role.CENTER_MANAGER}  # in the data these serve center sz only
PEOPLE_BROWSERS = (TL, Role.TRAINER, QA, Role.CENTER_MANAGER, HR)


def can_see(role, target) -> bool:
    """accounts.scoping.employees_visible_to. An exited employee keeps their last team and center
    (org.services.record_exit), so they stay in the scope of that team's leader and the center's staff,
    exactly like an active member; an agent sees only themselves."""
    if role == HR:
        return True
    if role == AGENT:
        return target == "own"
    if role == TL:
        return target in ("own", "team", "exited")
    if role in SZ_SERVING:
        return target != "other"
    return False


def scoped(role, target):
    return LOGIN if role == ANON else (200 if can_see(role, target) else 404)


def team_scoped(role, team):
    if role == ANON:
        return LOGIN
    if role == HR:
        return 200
    if role == TL:
        return 200 if team == "sz-a" else 404
    return 200 if role in SZ_SERVING and team.startswith("sz") else 404


def center_scoped(role, center):
    if role == ANON:
        return LOGIN
    return 200 if role == HR or (role in SZ_SERVING and center == "sz") else 404


def import_scoped(role, kpi_import):
    if role == ANON:
        return LOGIN
    return 200 if role == HR or (role == QA and kpi_import == "by-qa") else 404  # QA sees their own imports


def everyone(ok=200):
    return lambda role, target=None: LOGIN if role == ANON else ok


def only(*roles, ok=200, denied=404):
    return lambda role, target=None: LOGIN if role == ANON else (ok if role in roles else denied)


def always(status):
    return lambda role, target=None: status


class Page(NamedTuple):
    rule: Callable
    kind: str | None = None


class Post(NamedTuple):
    rule: Callable
    data: Callable = lambda d: {}
    kind: str | None = None


PAGES = {
    "home": Page(everyone()),  # each role's cards (accounts.home)
    "login": Page(lambda role, t=None: 200 if role == ANON else 302),
    "logout": Page(always(405)),  # POST only
    "set_language": Page(always(302)),  # a GET changes nothing and goes back
    "my-path": Page(only(AGENT, TL)),  # only accounts linked to an employee have a path of their own
    "employee-path": Page(scoped, "employee"),
    "employee-nominate": Page(always(405), "employee"),  # POST only
    "careers:roadmap": Page(everyone()),
    "careers:level-detail": Page(everyone(), "level"),
    "org:employee-list": Page(only(*PEOPLE_BROWSERS)),
    "org:employee-export": Page(only(*PEOPLE_BROWSERS)),
    "org:roster-import": Page(only(HR)),
    "org:roster-template": Page(only(HR)),
    "org:import-errors": Page(import_scoped, "error-file"),  # an import's full error list: its owner and HR
    "org:employee-detail": Page(scoped, "employee"),
    "performance:index": Page(everyone(302)),  # agent: own file, leader: team, others: center
    "performance:employee": Page(scoped, "employee"),
    "performance:team": Page(team_scoped, "team"),
    "performance:team-export": Page(team_scoped, "team"),
    "performance:center": Page(center_scoped, "center"),
    "performance:center-bottom-export": Page(center_scoped, "center"),
    "performance:import": Page(only(HR, QA)),
    "performance:import-template": Page(only(HR, QA)),
    "performance:import-history-export": Page(only(HR, QA)),
    "performance:import-status": Page(import_scoped, "import"),
    "performance:import-progress": Page(import_scoped, "import"),
    "performance:import-report": Page(import_scoped, "import"),
}


def login_form(d):
    return {"username": d.login_user.username, "password": d.password}


def nominator(role, target):
    """talent.services.can_nominate: leaders nominate active members, managers active people of their centers."""
    if role == ANON:
        return LOGIN
    if role in (TL, Role.CENTER_MANAGER) and can_see(role, target) and target != "exited":
        return 302
    return 404


def nomination_form(d):
    from agentpath.careers.models import Transition

    move = Transition.objects.get(from_level__code="mgmt-agent", to_level__code="pro-senior", from_position=None)
    return {"transition": move.pk, "reason": "稳定达标, 带新人"}


POSTS = {
    "employee-nominate": Post(nominator, nomination_form, "employee"),
    "login": Post(always(302), login_form),  # anonymous signs in; signed-in users are sent on
    "logout": Post(always(302)),
    "set_language": Post(always(302), lambda d: {"language": "en", "next": "/"}),
    "org:roster-import": Post(only(HR), lambda d: {"file": d.roster_upload()}),  # 200: the import's report
    "performance:import": Post(only(HR, QA, ok=302), lambda d: {"file": d.kpi_upload()}),  # → its status page
}


class AdminModel(NamedTuple):
    obj: Callable
    add: int = 200  # HR's answer to the add page and an empty add form (redisplayed with errors)
    change: int = 302  # HR resubmitting the change form as shown
    delete: int = 302  # HR confirming the deletion
    actions: dict = {"delete_selected": 200}  # HR choosing the action for the row (200: confirmation page)


VIEW_ONLY = dict(add=403, change=403, delete=403, actions={})
NO_ADD = dict(add=403)

ADMIN_MODELS = {
    "auth.group": AdminModel(lambda d: d.spare["group"]),
    "accounts.user": AdminModel(lambda d: d.spare["user"], actions={"delete_selected": 200, "unlock_sign_in": 302}),
    "accounts.apitoken": AdminModel(lambda d: d.spare["apitoken"]),
    "org.center": AdminModel(lambda d: d.spare["center"]),
    "org.team": AdminModel(lambda d: d.spare["team"]),
    "org.employee": AdminModel(lambda d: d.employees["exited"]),
    "org.employmentevent": AdminModel(lambda d: d.spare["exit_event"],
                                      actions={"delete_selected": 200, "cancel_scheduled": 302}),
    "org.leaveperiod": AdminModel(lambda d: d.spare["leave"]),
    "org.disciplinaryrecord": AdminModel(lambda d: d.spare["disciplinary"]),
    "careers.framework": AdminModel(lambda d: d.spare["framework"]),
    "careers.track": AdminModel(lambda d: d.spare["track"]),
    "careers.level": AdminModel(lambda d: d.spare["level"]),
    "careers.position": AdminModel(lambda d: d.spare["position"]),
    "careers.transition": AdminModel(lambda d: d.spare["transition"]),
    "careers.requirement": AdminModel(lambda d: d.spare["requirement"]),
    "learning.course": AdminModel(lambda d: d.spare["course"]),
    "learning.coursecompletion": AdminModel(lambda d: d.spare["completion"]),
    "performance.metric": AdminModel(lambda d: d.spare["metric"]),
    "performance.compositegroup": AdminModel(lambda d: d.spare["group_of_scorecard"]),
    "performance.scorecard": AdminModel(lambda d: d.spare["scorecard"]),
    "performance.kpiimport": AdminModel(lambda d: d.imports["by-hr"], **NO_ADD),  # imports are made by importing
    "common.importrun": AdminModel(lambda d: d.spare["import_run"], add=403, change=403),  # written by imports
    "performance.ranklog": AdminModel(lambda d: d.spare["rank_log"], add=403, change=403),  # written by ranking
    "performance.kpirecordchange": AdminModel(lambda d: d.spare["kpi_change"], **NO_ADD),  # written by imports
    "talent.nomination": AdminModel(lambda d: d.spare["nomination"]),
    "django_tasks_database.dbtaskresult": AdminModel(lambda d: d.spare["task_result"], **VIEW_ONLY),
}


class AdminPage(NamedTuple):
    url: Callable  # url(d) -> the address
    hr: object  # HR's outcome for GET
    others: object = ADMIN_LOGIN  # everybody else's (anonymous included)
    post: tuple | None = None  # (HR's, everybody else's) outcome for the page's form sent empty, or None: no form


ADMIN_SITE = {
    "admin:index": AdminPage(lambda d: "/admin/", 200),
    "admin:app_list": AdminPage(lambda d: "/admin/careers/", 200),
    "admin:login": AdminPage(lambda d: "/admin/login/", 302, 200, post=(200, 200)),  # staff go on to the index
    "admin:logout": AdminPage(lambda d: "/admin/logout/", 405, 302, post=(302, 302)),  # non-staff: to the index
    "admin:password_change": AdminPage(lambda d: "/admin/password_change/", 200, post=(200, ADMIN_LOGIN)),
    "admin:password_change_done": AdminPage(lambda d: "/admin/password_change/done/", 200),
    "admin:auth_user_password_change": AdminPage(lambda d: f"/admin/accounts/user/{d.spare['user'].pk}/password/",
                                                 200, post=(200, ADMIN_LOGIN)),
    "admin:autocomplete": AdminPage(
        lambda d: "/admin/autocomplete/?app_label=careers&model_name=requirement&field_name=course", 200),
    "admin:jsi18n": AdminPage(lambda d: "/admin/jsi18n/", 200),
    "admin:view_on_site": AdminPage(lambda d: f"/admin/r/{d.content_type_of_employee}/1/", 404),  # no such URL
}
# The URL kinds every registered model has (admin:<app>_<model>_<kind>); simple_history: one historical version.
ADMIN_KINDS = ("changelist", "add", "change", "history", "delete", "simple_history")


def api_scoped(role, target):
    return 401 if role == ANON else (200 if can_see(role, target) else 404)


def api_everyone(role, target=None):
    return 401 if role == ANON else 200


def api_only(*roles, ok=200, denied=403):
    return lambda role, target=None: 401 if role == ANON else (ok if role in roles else denied)


class Op(NamedTuple):
    rule: Callable
    kind: str | None = None


API = {
    ("get", "/api/v1/framework"): Op(api_everyone),
    ("get", "/api/v1/employees"): Op(api_everyone),
    ("get", "/api/v1/employees/{employee_no}"): Op(api_scoped, "employee"),
    ("get", "/api/v1/employees/{employee_no}/path"): Op(api_scoped, "employee"),
    ("get", "/api/v1/kpi/metrics"): Op(api_everyone),
    ("get", "/api/v1/kpi/employees/{employee_no}/records"): Op(api_scoped, "employee"),
    ("get", "/api/v1/kpi/employees/{employee_no}/ranks"): Op(api_scoped, "employee"),
    ("post", "/api/v1/kpi/records"): Op(api_only(HR, QA)),
    # HR reaches the importer, which rejects this header-only file; everybody else is refused before reading it
    ("post", "/api/v1/roster/import"): Op(api_only(HR, ok=422)),
    # an import's full error list: the person who ran it, and HR; anyone else 404, as if it did not exist
    ("get", "/api/v1/import-errors/{name}"): Op(lambda role, t=None: 401 if role == ANON else
                                                200 if role == HR or (role == QA and t == "by-qa") else 404,
                                                "error-file"),
}
# What each API POST sends (JSON body or multipart form).
API_BODIES = {
    "/api/v1/kpi/records": lambda d: ("json", {"records": []}),
    "/api/v1/roster/import": lambda d: ("form", {"file": d.upload("roster.csv", "工号,姓名\n")}),
}
