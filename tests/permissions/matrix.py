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
import datetime
from collections.abc import Callable
from typing import NamedTuple

import pytest
from django.utils import timezone

from agentpath.accounts.models import Role
from agentpath.careers.models import Level, Transition
from agentpath.exams.models import Exam
from agentpath.learning.models import DifferentiationRun
from agentpath.org.models import Employee
from agentpath.talent.assessments import asked_by_moves, present_period
from agentpath.talent.models import PositionCompetency
from tests.learning import support as learning_support

ANON = "anonymous"
ROLES = [ANON, Role.AGENT, Role.TEAM_LEADER, Role.TRAINER, Role.QA, Role.CENTER_MANAGER, Role.HR_ADMIN]
HR, QA, TL, AGENT = Role.HR_ADMIN, Role.QA, Role.TEAM_LEADER, Role.AGENT
# The walks of every page, form and API operation run for every role on SQLite. On PostgreSQL they run for HR,
# whose scope is everyone: every page with every row and every operation, so each page's and operation's queries
# run there. The other roles' answers are decided by the same check_may_* functions and scoping querysets
# (org/scoping.py) over the same tables: the engine cannot change who is let in, and each walk costs seconds of
# CPU (CI runs on two cores, tests/conftest.py). The admin's walks (Django's own pages over the same models) run on
# SQLite only (test_admin.py).
ENGINE_ROLES = (HR,)
ROLE_WALKS = [pytest.param(role, marks=() if role in ENGINE_ROLES else pytest.mark.engine_independent)
              for role in ROLES]
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
    "alert": ["team", "other"],  # an early-warning alert on the team-mate (sz-a) and on the person in gz
    "round": ["sz", "gz"],
    "review": ["sz", "gz"],
    "bench": ["sz", "gz"],  # a succession bench candidate of each center (team-leader bench)
    "nine-box": ["sz", "gz"],  # an open 9-box review of each center  # a bottom-rank review of a person of each center, improvement step under way  # an open promotion round of each center; sz has the team-mate as a candidate

    "exam": ["monthly"],  # the monthly exam of conftest.build_exams: papers for everyone in both centers
    "attempt": ["own", "team", "other"],  # attempts of the agent (in progress), a team-mate, someone in gz
    "answer": ["team-short"],  # the team-mate's short answer waiting for a trainer
    "version": ["single"],  # the single-choice question on every paper
    "training-import": ["by-hr"],  # a finished background training import (learning.TrainingImport)
    "trainer": ["sz", "gz"],  # the trainer user (serves sz) and another trainer who serves gz
    "exam-draft": ["sz", "gz"],  # HR's draft exams for team sz-a and for team gz-a (no papers yet)
    "question": ["single"],  # the single-choice question of the bank
    "award": ["team", "other"],  # a by-hand badge of the sz-a team-mate and one of the person in gz
    "inbox-item": ["agent's"],  # an inbox item of the agent user: theirs alone (everybody else: 404)
}
SZ_SERVING = {Role.TRAINER, Role.QA, Role.CENTER_MANAGER}  # in the data these serve center sz only
PEOPLE_BROWSERS = (TL, Role.TRAINER, Role.CENTER_MANAGER, HR)  # org.scoping.PEOPLE_BROWSING_ROLES: not QA


def can_see(role, target) -> bool:
    """org.scoping.employees_visible_to: whose records (files, path, a person's KPI, competencies) a role opens. An
    exited employee keeps their last team and center (org.services.record_exit), so they stay in the scope of that
    team's leader and the center's manager, exactly like an active member; an agent sees only themselves; QA nobody
    (their data is the center's QA data, and they have no employee record here); a trainer their trainee only (the
    team-mate, enrolled with them: conftest.build_trainee)."""
    if role == HR:
        return True
    if role == AGENT:
        return target == "own"
    if role == TL:
        return target in ("own", "team", "exited")
    if role == Role.TRAINER:
        return target in ("own", "team")
    if role == Role.CENTER_MANAGER:
        return target != "other"
    return False


def serves(role, target) -> bool:
    """org.scoping.people_served_by: trainers, QA and managers work for everybody of the centers they serve (sz:
    attendance, stage results, exam answers to grade) without opening their files; the others as can_see."""
    return target != "other" if role in SZ_SERVING else can_see(role, target)


def round_scoped(role, rnd, ok=200):
    """org.scoping.talent_center_ids_for: HR every round, the manager and the sz team leader sz's."""
    if role == ANON:
        return LOGIN
    return ok if role == HR or (role in (TL, Role.CENTER_MANAGER) and rnd == "sz") else 404


IDP_ACTION = {"kind": "mentor", "title": "安排师傅带教", "due_date": "2027-01-31"}


def alert_scoped(role, alert, ok=200):
    """analytics.early_warning.alerts_visible_to: the leader their team's, the sz manager sz's, HR all; nobody else."""
    if role == ANON:
        return LOGIN
    return ok if role == HR or (role in (TL, Role.CENTER_MANAGER) and alert == "team") else 404


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


def exam_result_scoped(role, target):
    """exams.selectors.papers_in_scope: the takers among the people served (trainers grade their centers' answers),
    but QA read no exam result unless the exam's review options show QA the scores (the monthly exam here does
    not)."""
    if role == ANON:
        return LOGIN
    return 404 if role == QA or not serves(role, target) else 200


def taker_only(ok=200):
    """Only the taker answers or submits their own attempt (the agent's, target "own")."""
    return lambda role, target=None: LOGIN if role == ANON else (ok if role == AGENT and target == "own" else 404)

def attendance_scoped(role, team):
    """learning.selectors.team_for_attendance: a team's leader, the trainers and managers of its center, HR; the
    other roles are refused (403, as by the API)."""
    if role == ANON:
        return LOGIN
    if role in (AGENT, QA):
        return 403
    return team_scoped(role, team)


def attendance_marked(role, team):
    """Marking a session of team sz-a (learning support data): through that team's page only."""
    got = attendance_scoped(role, team)
    return got if got != 200 else (302 if team == "sz-a" else 404)


def exam_draft_scoped(ok=200):
    """exams.authoring_selectors.draft_for: HR every draft; trainers the drafts for teams of their centers (sz)."""
    return lambda role, draft: LOGIN if role == ANON else (
        ok if role == HR or (role == Role.TRAINER and draft == "sz") else 404)


def badge_giver(ok=302, left=302):
    """recognition.services.check_may_give: team leaders, center managers and HR give a by-hand badge to people in
    their scope (404 outside it, 403 for other roles); someone who has left is refused with the reason (a page
    shows it and redirects: 302; the API: 422)."""
    def rule(role, target):
        if role == ANON:
            return LOGIN if ok == 302 else 401
        if not can_see(role, target):
            return 404
        if role not in (TL, Role.CENTER_MANAGER, HR):
            return 403
        return left if target == "exited" else ok
    return rule


def badge_revoker(role, award):
    """recognition.services.revoke_award of a by-hand award: HR, and leaders and managers who see the person."""
    if role == ANON:
        return LOGIN
    person = "team" if award == "team" else "other"
    if not can_see(role, person):
        return 404
    return 302 if role in (TL, Role.CENTER_MANAGER, HR) else 403


def badge_revoker_api(role, award):
    """The same rule through the API: 200 where the page redirects after revoking, 401 without a session."""
    page = badge_revoker(role, award)
    return 401 if role == ANON else (200 if page == 302 else page)


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


def dev_can_see(role, target) -> bool:
    """development.selectors.subjects_for: like can_see, except that trainers and QA see only their own plan
    (and have no employee record in the data)."""
    return can_see(role, target) and role not in (Role.TRAINER, QA)


def dev_scoped(role, target):
    return LOGIN if role == ANON else (200 if dev_can_see(role, target) else 404)


def dev_self(ok=200):
    """Only the employee writes their own plan: the agent on their own record; others in scope are refused."""
    return lambda role, target: LOGIN if role == ANON else (
        404 if not dev_can_see(role, target) else (ok if role == AGENT and target == "own" else 403))


def dev_leader(ok=302):
    """Only the leader of the employee's team agrees, returns, reviews and records conversations."""
    return lambda role, target: LOGIN if role == ANON else (
        404 if not dev_can_see(role, target) else (ok if role == TL else 403))


SUPERVISORS = (TL, Role.CENTER_MANAGER, HR)


def assessor(role, target) -> bool:
    """talent.competencies.assessor_kind: the person themselves, or their supervisor (scoping.supervised_by: the
    leader of the team in force, the manager of the center, HR); never someone who has left."""
    return can_see(role, target) and target != "exited" and role in (AGENT, *SUPERVISORS)


def assess_page(ok=200):
    """In scope but not theirs to assess (trainers, QA, anyone on the exited member): 403; out of scope 404."""
    return lambda role, target: LOGIN if role == ANON else (
        404 if not can_see(role, target) else ok if assessor(role, target) else 403)


def potential_page(ok=200, refused=404):
    """Supervisors only (others 403, as the API); in scope; writing for the exited member is refused (`refused`)."""
    return lambda role, target: LOGIN if role == ANON else (
        403 if role not in SUPERVISORS else 404 if not can_see(role, target) else refused if target == "exited"
        else ok)


def trainer_profile_rule(post=False):
    """learning.trainers.profile_trainer_for: HR any trainer; a center manager the trainers of their centers (the
    data's trainer serves sz, the other trainer gz); a trainer themself; everybody else 404."""
    def rule(role, target):
        if role == ANON:
            return LOGIN
        if role == HR or (role == Role.TRAINER and target == "sz"):
            return 302 if post else 200
        if role == Role.CENTER_MANAGER and target == "sz":
            return 403 if post else 200
        return 404
    return rule
def exam_authoring_form(d, **extra):
    """The authoring page's fields as a browser sends them: a draft for team sz-a, one question of 权限."""
    return {"title": "新考试", "time_limit_minutes": "30", "pass_mark": "60", "attempts_allowed": "1",
            "opens_at": "2031-01-01T09:00", "closes_at": "2031-01-02T09:00", "audience_teams": [str(d.teams[0].pk)],
            "bp-1-topic": "权限", "bp-1-1": "1", "ov-TOTAL_FORMS": "0", "ov-INITIAL_FORMS": "0", "action": "save",
            **extra}


PAGES = {
    # one's own inbox; an item is marked read by POST only, by its recipient (another's item: 404)
    "inbox:list": Page(everyone()),
    "inbox:read": Page(always(405), "inbox-item"),
    "inbox:read-all": Page(always(405)),
    "home": Page(everyone()),  # each role's cards (portal.home)
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
    "org:roster-import": Page(only(HR, denied=403)),  # the API refuses the same: 403
    "sign-in-lockouts": Page(only(HR)),  # accounts.signin: who cannot sign in now; HR lifts it
    "sign-in-lockout-lift": Page(always(405)),  # POST only
    "org:roster-template": Page(only(HR, denied=403)),
    "org:import-errors": Page(import_scoped, "error-file"),  # an import's full error list: its owner and HR
    "org:employee-detail": Page(scoped, "employee"),
    # retention curves: about groups over a scope; HR (everyone) and center managers (their centers)
    "analytics:retention": Page(only(Role.CENTER_MANAGER, HR)),
    "analytics:retention-export": Page(only(Role.CENTER_MANAGER, HR)),
    "analytics:nps-fcr": Page(only(Role.CENTER_MANAGER, HR)),
    "analytics:training-effect": Page(only(Role.CENTER_MANAGER, HR)),  # groups over a scope, as retention
    # flight risk and early warnings: those who supervise people (leader: their team's list, manager: their
    # centers, HR: all); agents, trainers and QA 404 — an agent never reaches a score
    "analytics:risk": Page(only(TL, Role.CENTER_MANAGER, HR)),
    "analytics:risk-train": Page(always(405)),
    "analytics:alerts": Page(only(TL, Role.CENTER_MANAGER, HR)),
    "analytics:alert-acknowledge": Page(always(405), "alert"),
    "analytics:alert-idp-action": Page(always(405), "alert"),  # POST only
    # HR's exit form; everybody else 404 as for a person out of scope
    "org:record-exit": Page(lambda role, t: LOGIN if role == ANON else 200 if role == HR else 404, "employee"),
    "performance:index": Page(everyone(302)),  # agent: own file, leader: team, others: center
    "performance:employee": Page(scoped, "employee"),
    "performance:team": Page(team_scoped, "team"),
    "performance:team-export": Page(team_scoped, "team"),
    "performance:center": Page(center_scoped, "center"),
    "performance:center-bottom-export": Page(center_scoped, "center"),
    "performance:import": Page(only(HR, QA, denied=403)),  # the API refuses the same: 403
    "performance:import-template": Page(only(HR, QA, denied=403)),
    "performance:import-history-export": Page(only(HR, QA, denied=403)),
    "performance:import-status": Page(import_scoped, "import"),
    "performance:import-progress": Page(import_scoped, "import"),
    "performance:import-report": Page(import_scoped, "import"),
    "talent:round-list": Page(only(TL, Role.CENTER_MANAGER, HR)),
    "talent:round-detail": Page(round_scoped, "round"),
    "talent:round-open": Page(always(405)),  # POST only
    "talent:round-action": Page(always(405), "round"),
    "talent:round-decide": Page(always(405), "round"),
    "talent:round-recommend": Page(always(405), "round"),
    "talent:round-nominate": Page(always(405), "round"),
    "talent:round-quota": Page(always(405), "round"),
    # the round's export and minutes: whoever sees the round, with the candidates they see
    "talent:round-export": Page(round_scoped, "round"),
    "talent:round-minutes": Page(round_scoped, "round"),
    "talent:reviews": Page(only(Role.CENTER_MANAGER, HR)),
    "talent:staffing": Page(only(Role.CENTER_MANAGER, HR)),
    "talent:nine-box-list": Page(only(Role.CENTER_MANAGER, HR)),
    "talent:succession": Page(only(Role.CENTER_MANAGER, HR)),
    "talent:succession-add": Page(always(405)),
    "talent:succession-readiness": Page(always(405)),
    "talent:succession-remove": Page(always(405)),
    "talent:nine-box-open": Page(always(405)),
    "talent:nine-box-detail": Page(lambda role, r: round_scoped(role, r) if role != TL else round_scoped(role, "gz"),
                                   "nine-box"),
    "talent:nine-box-export": Page(lambda role, r: round_scoped(role, r) if role != TL else round_scoped(role, "gz"),
                                   "nine-box"),
    "talent:nine-box-move": Page(always(405), "nine-box"),
    "talent:nine-box-freeze": Page(always(405), "nine-box"),
    "talent:staffing-export": Page(only(Role.CENTER_MANAGER, HR)),
    "talent:reviews-open": Page(always(405)),
    "talent:review-result": Page(always(405), "review"),
    "talent:review-decide": Page(always(405), "review"),

    "exams:index": Page(everyone()),
    "exams:start": Page(always(405), "exam"),  # POST only
    "exams:exam-detail": Page(only(Role.TRAINER, HR), "exam"),
    "exams:take": Page(taker_only(), "attempt"),
    "exams:save-answer": Page(always(405), "attempt"),
    "exams:submit": Page(always(405), "attempt"),
    "exams:result": Page(exam_result_scoped, "attempt"),  # QA: QA data only (exams.selectors.papers_in_scope)
    "exams:grading": Page(only(Role.TRAINER, HR)),
    "exams:grade": Page(always(405), "answer"),
    "exams:question-import": Page(only(Role.TRAINER, HR, denied=403)),
    "exams:question-template": Page(only(Role.TRAINER, HR, denied=403)),
    "exams:regrade": Page(only(Role.TRAINER, HR), "version"),
    "exams:authoring": Page(only(Role.TRAINER, HR)),
    "exams:exam-create": Page(only(Role.TRAINER, HR, denied=403)),
    "exams:exam-edit": Page(exam_draft_scoped(), "exam-draft"),
    "exams:exam-schedule": Page(always(405), "exam-draft"),  # POST only
    "exams:question-bank": Page(only(Role.TRAINER, HR)),
    "exams:question-status": Page(always(405), "question"),  # POST only

    "learning:courses": Page(everyone()),
    "learning:my-courses": Page(only(AGENT, TL)),  # people with an employee record
    "learning:team-attendance": Page(attendance_scoped, "team"),
    "learning:differentiation": Page(only(Role.TRAINER, Role.CENTER_MANAGER, HR)),
    "learning:import": Page(only(HR, denied=403)),
    "learning:trainer-scorecard": Page(only(Role.TRAINER, Role.CENTER_MANAGER, HR)),
    "learning:program-results": Page(only(Role.TRAINER, Role.CENTER_MANAGER, HR)),

    "recognition:runs": Page(only(HR, denied=403)),
    "recognition:export": Page(only(HR, denied=403)),
    "recognition:leaderboard": Page(everyone()),  # one's own team's board (leaders theirs, managers their center's)
    "recognition:nominate": Page(always(405), "employee"),  # POST only
    "recognition:revoke": Page(always(405), "award"),
    "development:anchors-take": Page(only(AGENT, TL, denied=403)),  # for oneself; without an employee record: 403
    "development:anchor-reliability": Page(only(HR, denied=403)),
    "development:team": Page(only(TL, Role.CENTER_MANAGER, HR)),
    "development:workspace": Page(dev_scoped, "employee"),
    "development:anchor-profile": Page(dev_scoped, "employee"),
    "development:plan-step": Page(dev_self(), "employee"),
    "development:want-fit-can": Page(dev_self(), "employee"),
    "development:idp-edit": Page(dev_self(), "employee"),
    "development:document": Page(dev_scoped, "employee"),
    "development:document-pdf": Page(dev_scoped, "employee"),
    "development:conversation": Page(always(405), "employee"),  # POST only
    "development:idp-action-add": Page(always(405), "employee"),
    "development:idp-prefill": Page(always(405), "employee"),
    "development:idp-progress": Page(always(405), "employee"),
    "development:idp-submit": Page(always(405), "employee"),
    "development:idp-return": Page(always(405), "employee"),
    "development:idp-agree": Page(always(405), "employee"),
    "development:idp-review": Page(always(405), "employee"),
    "org:org-import": Page(only(HR, denied=403)),  # centers and teams from a file, beside the roster import
    "org:org-template": Page(only(HR, denied=403)),
    "learning:import-status": Page(only(HR, denied=403), "training-import"),  # a background training import's progress

    "talent:competencies": Page(only(AGENT, TL, Role.CENTER_MANAGER, HR)),  # own, and those they supervise
    "talent:competency-person": Page(scoped, "employee"),
    "talent:competency-assess": Page(assess_page(), "employee"),
    "talent:potential": Page(only(*SUPERVISORS, denied=403)),
    "talent:potential-person": Page(potential_page(refused=200), "employee"),  # the exited member's history
    "learning:trainers": Page(only(Role.CENTER_MANAGER, HR)),
    "learning:trainer-profile": Page(trainer_profile_rule(), "trainer"),
    "learning:sessions": Page(everyone()),  # one's own sessions, or those of the teams one sees
}


def login_form(d):
    return {"username": d.login_user.username, "password": d.password}


def anchor_sheet(d):
    return {**{f"item_{n}": "3" for n in range(1, 41)}, "most_true": ["1", "2", "3"]}

def nominator(role, target, ok=302):
    """talent.duties (the service's rule, the same on page and API): leaders nominate their members, managers the
    people of their centers, never themselves (the agent's "own" record is the agent); anyone else in scope is
    refused (403); someone who has left is refused by the rule (422); out of scope 404."""
    if role == ANON:
        return LOGIN
    if not can_see(role, target):
        return 404
    if role not in (TL, Role.CENTER_MANAGER):
        return 403
    return 422 if target == "exited" else ok


def nomination_form(d):
    move = Transition.objects.get(from_level__code="mgmt-agent", to_level__code="pro-senior", from_position=None)
    return {"transition": move.pk, "reason": "稳定达标, 带新人"}


POSTS = {
    "inbox:read": Post(only(AGENT, ok=302), lambda d: {}, "inbox-item"),
    "inbox:read-all": Post(everyone(302)),
    "analytics:risk-train": Post(only(HR, ok=302)),
    "analytics:alert-acknowledge": Post(lambda role, a: alert_scoped(role, a, ok=302), lambda d: {"note": "x"}, "alert"),
    # in scope: back to the alerts with the refusal shown (the team-mate has no plan; the manager and HR are not
    # the team leader); out of scope 404
    "analytics:alert-idp-action": Post(lambda role, a: alert_scoped(role, a, ok=302), lambda d: IDP_ACTION, "alert"),
    "employee-nominate": Post(nominator, nomination_form, "employee"),
    "login": Post(always(302), login_form),  # anonymous signs in; signed-in users are sent on
    "logout": Post(always(302)),
    "set_language": Post(always(302), lambda d: {"language": "en", "next": "/"}),
    "org:roster-import": Post(only(HR, denied=403), lambda d: {"file": d.roster_upload()}),  # 200: the import's report
    "sign-in-lockout-lift": Post(only(HR, ok=302), lambda d: {"username": "agent"}),
    "performance:import": Post(only(HR, QA, ok=302, denied=403), lambda d: {"file": d.kpi_upload()}),  # → its status page
    # deciders open a round in a center they serve (→ the round); the others are refused
    "talent:round-open": Post(lambda role, t=None: LOGIN if role == ANON else 302 if role in (Role.CENTER_MANAGER, HR)
                              else 403, lambda d: {
        "center": d.centers[0].pk, "kind": "promotion", "period": "2030Q1", "effective_date": "2030-01-01"}),
    # a team leader sees the sz round but may not move it: 403, as the API answers
    "talent:round-action": Post(lambda role, r: round_scoped(role, r, ok=403 if role == TL else 302),
                                lambda d: {"action": "start_deciding"}, "round"),
    # the sz round's candidate (the team-mate): not in the gz round; a refusal of the rule is a message (302)
    "talent:round-decide": Post(lambda role, r: round_scoped(role, r, ok=403 if role == TL else 302) if r == "sz"
                                else round_scoped(role, "gz", ok=404),
                                lambda d: {"candidate": d.round_candidate.pk, "decision": "defer", "reason": "x"},
                                "round"),
    # deciders change a quota of a round they see (→ the round); a team leader sees the sz round but is refused (403)
    "talent:round-quota": Post(lambda role, r: round_scoped(role, r, ok=403 if role == TL else 302),
                               lambda d: {"level": "mgmt-tl", "slots": "3", "reason": "x"}, "round"),
    # HR does not recommend (talent.duties: 403); the gz round has no such candidate (404)
    "talent:round-recommend": Post(lambda role, r: round_scoped(role, r, ok=403 if role == HR else 302) if r == "sz"
                                   else round_scoped(role, "gz", ok=404),
                                   lambda d: {"candidate": d.round_candidate.pk, "recommendation": "support"},
                                   "round"),
    # deciders of the center; a refusal of the rule (re-assessment not due, no failed step) is shown on the page
    # with the API's status (422); out of scope 404 (tests/permissions/test_self_targets.py: "self" is 403)
    "talent:reviews-open": Post(only(Role.CENTER_MANAGER, HR, ok=302), lambda d: {"center": "sz", "confirm": "yes"}),
    "talent:review-result": Post(lambda role, r: round_scoped(role, r, ok=422) if role != TL
                                 else round_scoped(role, "gz"), lambda d: {"passed": "no", "note": "x"}, "review"),
    "talent:review-decide": Post(lambda role, r: round_scoped(role, r, ok=422) if role != TL
                                 else round_scoped(role, "gz"), lambda d: {"outcome": "keep", "reason": "x"},
                                 "review"),
    "talent:succession-add": Post(only(Role.CENTER_MANAGER, HR, ok=302), lambda d: {
        "center": "sz", "position": "team-leader", "employee": d.employees["center"].employee_no, "readiness": "now"}),
    # the sz bench candidate (the team-mate on the team-leader bench): readiness changed, then taken off
    "talent:succession-readiness": Post(only(Role.CENTER_MANAGER, HR, ok=302), lambda d: {
        "center": "sz", "position": "team-leader", "employee": d.employees["team"].employee_no, "readiness": "12-24"}),
    "talent:succession-remove": Post(only(Role.CENTER_MANAGER, HR, ok=302), lambda d: {
        "center": "sz", "position": "team-leader", "employee": d.employees["team"].employee_no}),
    "talent:nine-box-open": Post(only(Role.CENTER_MANAGER, HR, ok=302), lambda d: {"center": "sz",
                                                                                    "period": "2031Q1"}),
    "talent:nine-box-move": Post(lambda role, r: round_scoped(role, r, ok=302) if role != TL and r == "sz"
                                 else round_scoped(role, "gz", ok=404), lambda d: {
                                     "employee": d.employees["center"].employee_no, "box": "33", "reason": "x"},
                                 "nine-box"),  # gz: no such person, 404
    "talent:nine-box-freeze": Post(lambda role, r: round_scoped(role, r, ok=302) if role != TL
                                   else round_scoped(role, "gz"), kind="nine-box"),
    # the leader nominates his team-mate (302); the manager moved the sz round to deciding above (409
    # round_not_open); HR does not nominate (403); nobody of that number in the gz round's center (404)
    "talent:round-nominate": Post(lambda role, r: round_scoped(role, r, ok={TL: 302, Role.CENTER_MANAGER: 409,
                                                                         HR: 403}.get(role)) if r == "sz"
                                  else round_scoped(role, r, ok=404), lambda d: {
        "employee": d.employees["team"].employee_no, "to_level": "mgmt-tl", "reason": "x"}, "round"),

    "exams:start": Post(only(AGENT, TL, ok=302), kind="exam"),  # those with a paper: to their attempt
    "exams:save-answer": Post(taker_only(), lambda d: {"position": "1", "answer": "A"}, "attempt"),
    "exams:submit": Post(taker_only(302), lambda d: {"confirm_blank": "1"}, "attempt"),
    "exams:grade": Post(only(Role.TRAINER, HR, ok=302), lambda d: {"points": "1"}, "answer"),
    "exams:question-import": Post(only(Role.TRAINER, HR, denied=403), lambda d: {"file": d.question_upload()}),  # the report
    "exams:regrade": Post(only(Role.TRAINER, HR, ok=302), lambda d: {"key": "B"}, "version"),
    "exams:exam-create": Post(only(Role.TRAINER, HR, ok=302, denied=403), lambda d: exam_authoring_form(d, code="perm-made")),
    "exams:exam-edit": Post(exam_draft_scoped(302), lambda d: exam_authoring_form(d), "exam-draft"),
    "exams:exam-schedule": Post(exam_draft_scoped(302), kind="exam-draft"),  # papers drawn, to the list
    "exams:question-status": Post(only(Role.TRAINER, HR, ok=302), lambda d: {"status": "retired"}, "question"),

    # the agent rates the session they attended; the leader is refused with a message on the same redirect
    "learning:my-courses": Post(only(AGENT, TL, ok=302), learning_support.rating_form),
    "learning:team-attendance": Post(attendance_marked, learning_support.attendance_form, "team"),
    "learning:differentiation": Post(only(HR, ok=302, denied=403), learning_support.differentiation_form),
    "learning:program-results": Post(only(Role.TRAINER, Role.CENTER_MANAGER, HR, ok=302),
                                     learning_support.stage_result_form),
    "learning:import": Post(only(HR, denied=403), lambda d: {"kind": "completions", "file": d.upload(
        "c.csv", f"employee_no,course,completed_on\n{d.employees['own'].employee_no},spare-course,2026-07-01\n")}),

    "recognition:runs": Post(only(HR, ok=302, denied=403), lambda d: {"period": "2026-10"}),
    "recognition:nominate": Post(badge_giver(), lambda d: {"badge": "good-example", "reason": "x"}, "employee"),
    "recognition:revoke": Post(badge_revoker, lambda d: {"reason": "x"}, "award"),
    "development:anchors-take": Post(only(AGENT, TL, ok=302, denied=403), anchor_sheet),  # → the new profile
    "development:conversation": Post(dev_leader(), lambda d: {"kind": "anchor", "conclusion": "x"}, "employee"),
    "development:plan-step": Post(dev_self(302), lambda d: {"self_analysis": "x"}, "employee"),
    "development:want-fit-can": Post(dev_self(302), lambda d: {"summary": "x"}, "employee"),
    "development:idp-edit": Post(dev_self(302), lambda d: {"goal_1": "x"}, "employee"),
    "development:idp-action-add": Post(dev_self(302), lambda d: {"kind": "mentor", "title": "x",
                                                                 "due_date": "2030-01-01"}, "employee"),
    "development:idp-prefill": Post(dev_self(302), kind="employee"),  # no target move yet: a message, back
    # no such action: 404 for the two who may record progress; refused for everybody else in scope
    "development:idp-progress": Post(lambda role, t: LOGIN if role == ANON else (
        404 if not dev_can_see(role, t) or (role == AGENT and t == "own") or role == TL else 403),
        lambda d: {"action": "999999", "status": "done"}, "employee"),
    "development:idp-submit": Post(dev_self(302), kind="employee"),  # nothing to submit yet: a message, back
    "development:idp-return": Post(dev_leader(), lambda d: {"comment": "x"}, "employee"),  # no plan: a message
    "development:idp-agree": Post(dev_leader(), kind="employee"),
    "development:idp-review": Post(dev_leader(), lambda d: {"outcome": "on_track"}, "employee"),
    # HR reaches the importer, which reports the header-only file's problem on the page (200)
    "org:org-import": Post(only(HR, denied=403), lambda d: {"file": d.upload("org.csv", "中心代码,中心名称\n")}),
    # HR records the exit (→ the person's page); someone who has left already: the form says so (422)
    "org:record-exit": Post(lambda role, t: LOGIN if role == ANON else 404 if role != HR else 422 if t == "exited"
                            else 302, lambda d: {"effective_date": "2031-06-30", "exit_type": "voluntary",
                                                 "reason": "", "regretted": "", "interview_notes": "x"}, "employee"),

    # a whole sheet for the agents' position profile (→ the person's page); refused whole for the others
    "talent:competency-assess": Post(assess_page(302), lambda d: assessment_sheet(d), "employee"),
    "talent:potential-person": Post(potential_page(302, refused=422), lambda d: {
        "period": present_quarter(), "rating": "3"}, "employee"),
    # HR edits any trainer's profile, the trainer their own; a center manager reads it (403 on POST)
    "learning:trainer-profile": Post(trainer_profile_rule(post=True), lambda d: {"step": "trainer", "since": "2025-01-06",
                                                                           "specialties": "投诉处理"},
                                     "trainer"),
}


def present_quarter():
    return present_period()


def assessment_sheet(d):
    """An agent's whole sheet: their post's profile and the competencies the moves open to them ask for."""
    codes = set(PositionCompetency.objects.filter(position__code="agent").values_list("competency__code", flat=True))
    codes |= set(asked_by_moves(Employee(level=Level.objects.get(code="mgmt-agent")), timezone.localdate()))
    return {"period": present_quarter(), **{f"level_{code}": "3" for code in codes}}


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
    "org.exitreason": AdminModel(lambda d: d.spare["exit_reason"]),
    "analytics.alertrule": AdminModel(lambda d: d.spare["alert_rule"]),
    "org.exitrecord": AdminModel(lambda d: d.spare["exit_event"].exit_record, **NO_ADD),  # recorded by the service
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
    "talent.staffingtarget": AdminModel(lambda d: d.spare["staffing_target"]),
    "talent.potentialrating": AdminModel(lambda d: d.spare["potential_rating"]),
    "talent.competency": AdminModel(lambda d: d.spare["competency"]),
    "talent.positioncompetency": AdminModel(lambda d: d.spare["position_competency"]),
    "talent.competencyassessment": AdminModel(lambda d: d.spare["competency_assessment"]),
    "django_tasks_database.dbtaskresult": AdminModel(lambda d: d.spare["task_result"], **VIEW_ONLY),
    # answer sheets are read and deleted, never typed in or changed
    "development.anchortake": AdminModel(lambda d: d.spare["anchor_take"], add=403, change=403),
    "development.careerplan": AdminModel(lambda d: d.spare["career_plan"]),
    "development.idp": AdminModel(lambda d: d.spare["idp"]),
    "development.idpaction": AdminModel(lambda d: d.spare["idp_action"]),
    "development.idpreview": AdminModel(lambda d: d.spare["idp_review"]),
    "development.conversation": AdminModel(lambda d: d.spare["conversation"]),
    "development.onboardingtask": AdminModel(lambda d: d.spare["onboarding_task"]),
    "exams.question": AdminModel(lambda d: d.spare["question"], add=403, delete=403, actions={}),  # retired, kept
    "exams.questionversion": AdminModel(lambda d: d.spare["question"].versions.get(), **VIEW_ONLY),
    "exams.exam": AdminModel(lambda d: exam_row(d), **VIEW_ONLY),  # written on the authoring pages
    "exams.paper": AdminModel(lambda d: exam_row(d).papers.first(), **VIEW_ONLY),  # drawn at scheduling
    "exams.attempt": AdminModel(lambda d: exam_row(d).papers.filter(attempts__isnull=False).first().attempts.get(),
                                **VIEW_ONLY),  # with its answers, given by the taker
    "learning.program": AdminModel(lambda d: d.spare["program"]),
    "learning.enrolment": AdminModel(lambda d: d.spare["enrolment"]),
    "learning.trainingevent": AdminModel(lambda d: d.spare["training_event"]),
    "learning.attendance": AdminModel(lambda d: d.spare["attendance"]),
    "learning.differentiationrun": AdminModel(lambda d: spare_run(), add=403, change=403),  # written by the job
    "learning.trainerprofile": AdminModel(lambda d: d.spare["trainer_profile"]),
    "performance.starthreshold": AdminModel(lambda d: d.spare["star_threshold"]),
    "recognition.badge": AdminModel(lambda d: d.spare["badge"]),
    "recognition.xplevel": AdminModel(lambda d: d.spare["xp_level"]),
    "recognition.pointsrule": AdminModel(lambda d: d.spare["points_rule"]),
    "recognition.centersetting": AdminModel(lambda d: d.spare["center_setting"]),
    # awards come from rules and nominations and leave only by a revocation with a reason (kept in history)
    "recognition.award": AdminModel(lambda d: d.spare["award"], **VIEW_ONLY),
}


def spare_run():
    """Made inside the admin test's own savepoint: the API rows above read "no run exists" for trainers."""
    return DifferentiationRun.objects.get_or_create(quarter="2026Q1", status="done")[0]


def exam_row(d):
    return Exam.objects.get(pk=d.targets["exam"]["monthly"])


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


def api_exam_result_scoped(role, target):
    return 401 if role == ANON else 404 if role == QA or not serves(role, target) else 200


def api_everyone(role, target=None):
    return 401 if role == ANON else 200


def api_only(*roles, ok=200, denied=403):
    return lambda role, target=None: 401 if role == ANON else (ok if role in roles else denied)


def api_taker_only(role, target):
    return 401 if role == ANON else (200 if role == AGENT and target == "own" else 404)

def api_attendance(role, team):
    if role == ANON:
        return 401
    if role in (AGENT, QA):
        return 403
    return 200 if team_scoped(role, team) == 200 else 404

def api_dev_scoped(role, target):
    return 401 if role == ANON else (200 if dev_can_see(role, target) else 404)


def api_dev_self(ok=200):
    return lambda role, target: 401 if role == ANON else (
        404 if not dev_can_see(role, target) else (ok if role == AGENT and target == "own" else 403))


def api_dev_leader(role, target):
    return 401 if role == ANON else (404 if not dev_can_see(role, target) else (422 if role == TL else 403))


class Op(NamedTuple):
    rule: Callable
    kind: str | None = None


API = {
    ("get", "/api/v1/inbox"): Op(api_everyone),  # one's own items only
    ("post", "/api/v1/inbox/read-all"): Op(api_everyone),
    ("post", "/api/v1/inbox/{item_id}/read"): Op(
        lambda role, t: 401 if role == ANON else 200 if role == AGENT else 404, "inbox-item"),
    ("get", "/api/v1/framework"): Op(api_everyone),
    ("get", "/api/v1/recognition/badges"): Op(api_everyone),
    ("get", "/api/v1/recognition/levels"): Op(api_everyone),
    ("get", "/api/v1/recognition/employees/{employee_no}"): Op(api_scoped, "employee"),
    ("post", "/api/v1/recognition/employees/{employee_no}/awards"): Op(badge_giver(ok=201, left=422), "employee"),
    ("post", "/api/v1/recognition/runs"): Op(api_only(HR, ok=202)),
    ("post", "/api/v1/recognition/awards/{award_id}/revoke"): Op(badge_revoker_api, "award"),
    # analytics over a scope: HR and center managers; everybody else 404 (the pages answer alike)
    ("get", "/api/v1/analytics/retention"): Op(api_only(Role.CENTER_MANAGER, HR, denied=404)),
    ("get", "/api/v1/analytics/risk"): Op(api_only(TL, Role.CENTER_MANAGER, HR, denied=404)),
    ("post", "/api/v1/analytics/risk/retrain"): Op(api_only(HR, ok=202, denied=404)),
    ("get", "/api/v1/analytics/alerts"): Op(api_only(TL, Role.CENTER_MANAGER, HR, denied=404)),
    ("post", "/api/v1/analytics/alerts/{alert_id}/acknowledge"): Op(
        lambda role, a: 401 if role == ANON else alert_scoped(role, a), "alert"),
    # the leader: 422 no_current_idp (the team-mate has no plan, and none is made); the manager and HR see the alert
    # but are not the team leader: 403 not_team_leader; everybody else 404
    ("post", "/api/v1/analytics/alerts/{alert_id}/idp-action"): Op(lambda role, a: 401 if role == ANON else (
        422 if role == TL and a == "team" else 403 if role == HR or (role == Role.CENTER_MANAGER and a == "team")
        else 404), "alert"),
    # too few team-months of FCR and NPS in the matrix's data: 422 for those who may read it
    ("get", "/api/v1/analytics/correlations/nps-fcr"): Op(api_only(Role.CENTER_MANAGER, HR, ok=422, denied=404)),
    # named without a course or program: 422 one_training for those who may read it
    ("get", "/api/v1/analytics/training-effect"): Op(api_only(Role.CENTER_MANAGER, HR, ok=422, denied=404)),
    ("get", "/api/v1/employees"): Op(api_everyone),
    ("get", "/api/v1/employees/{employee_no}"): Op(api_scoped, "employee"),
    ("get", "/api/v1/employees/{employee_no}/path"): Op(api_scoped, "employee"),
    ("get", "/api/v1/kpi/metrics"): Op(api_everyone),
    ("get", "/api/v1/kpi/employees/{employee_no}/records"): Op(api_scoped, "employee"),
    ("get", "/api/v1/kpi/employees/{employee_no}/ranks"): Op(api_scoped, "employee"),
    ("post", "/api/v1/kpi/records"): Op(api_only(HR, QA)),
    # HR reaches the importer, which rejects this header-only file; everybody else is refused before reading it
    ("post", "/api/v1/roster/import"): Op(api_only(HR, ok=422)),
    # the facts of an exit: HR (the person too, while still working until a scheduled exit); nobody else
    ("get", "/api/v1/employees/{employee_no}/exit"): Op(
        lambda role, t: 401 if role == ANON else 200 if role == HR and t == "exited" else 404, "employee"),
    # HR records an exit (201; scheduled, after the GET above); one recorded already answers 409; everybody else 404 as for a stranger
    ("post", "/api/v1/employees/{employee_no}/exit"): Op(
        lambda role, t: 401 if role == ANON else 404 if role != HR else 409 if t == "exited" else 201, "employee"),
    ("get", "/api/v1/talent/staffing/{center}"): Op(
        lambda role, c: 401 if role == ANON else 404 if role == TL else round_scoped(role, c), "center"),
    ("get", "/api/v1/talent/succession/{center}"): Op(
        lambda role, c: 401 if role == ANON else 404 if role == TL else round_scoped(role, c), "center"),
    # the improvement plans the bottom-rank rule proposes: deciders of the center
    ("get", "/api/v1/talent/reviews/proposals/{center}"): Op(
        lambda role, c: 401 if role == ANON else 404 if role == TL else round_scoped(role, c), "center"),
    ("get", "/api/v1/talent/nine-box/{review_id}"): Op(
        lambda role, r: 401 if role == ANON else 404 if role == TL else round_scoped(role, r), "nine-box"),
    # the sz-b agent is placed (not rated, no KPI here) in the sz review and moved (201); not in the gz review (404)
    ("post", "/api/v1/talent/nine-box/{review_id}/moves"): Op(
        lambda role, r: 401 if role == ANON else 404 if role == TL or r == "gz" else round_scoped(role, r, ok=201),
        "nine-box"),
    # a person's risk of loss in the sz review (200; not in the gz review: 404); then the review is frozen (200)
    ("post", "/api/v1/talent/nine-box/{review_id}/risks"): Op(
        lambda role, r: 401 if role == ANON else 404 if role == TL or r == "gz" else round_scoped(role, r),
        "nine-box"),
    ("post", "/api/v1/talent/nine-box/{review_id}/freeze"): Op(
        lambda role, r: 401 if role == ANON else 404 if role == TL else round_scoped(role, r), "nine-box"),
    ("post", "/api/v1/talent/nine-box"): Op(api_only(Role.CENTER_MANAGER, HR, ok=201, denied=404)),
    # bottom-rank reviews: deciders of the center; the step is not due (422), so no decision either (422)
    ("get", "/api/v1/talent/reviews"): Op(api_everyone),  # the reviews in scope: none for most roles
    ("post", "/api/v1/talent/reviews"): Op(api_only(Role.CENTER_MANAGER, HR, ok=201, denied=404)),
    ("get", "/api/v1/talent/reviews/{review_id}"): Op(
        lambda role, r: 401 if role == ANON else 404 if role == TL else round_scoped(role, r), "review"),
    ("post", "/api/v1/talent/reviews/{review_id}/result"): Op(
        lambda role, r: 401 if role == ANON else 404 if role == TL else round_scoped(role, r, ok=422), "review"),
    ("post", "/api/v1/talent/reviews/{review_id}/decision"): Op(
        lambda role, r: 401 if role == ANON else 404 if role == TL else round_scoped(role, r, ok=422), "review"),
    # succession: the center's team-mate onto the team-leader bench (sz 201; gz has no such person: 404); the
    # bench candidates of each center: readiness changed (200), then taken off (204)
    ("post", "/api/v1/talent/succession/{center}/candidates"): Op(
        lambda role, c: 401 if role == ANON else 404 if role == TL or c == "gz" else round_scoped(role, c, ok=201),
        "center"),
    ("patch", "/api/v1/talent/succession/candidates/{entry_id}"): Op(
        lambda role, b: 401 if role == ANON else 404 if role == TL else round_scoped(role, b), "bench"),
    ("delete", "/api/v1/talent/succession/candidates/{entry_id}"): Op(
        lambda role, b: 401 if role == ANON else 404 if role == TL else round_scoped(role, b, ok=204), "bench"),
    ("get", "/api/v1/talent/competencies"): Op(api_everyone),
    ("get", "/api/v1/talent/employees/{employee_no}/competencies"): Op(api_scoped, "employee"),
    # the person assesses themselves, their team leader, a manager or HR as supervisor; trainers and QA may not,
    # nobody assesses someone who has left
    ("post", "/api/v1/talent/employees/{employee_no}/assessments"): Op(
        lambda role, t: 401 if role == ANON else 404 if not can_see(role, t)
        else 201 if assessor(role, t) else 422 if t == "exited" else 403, "employee"),
    ("get", "/api/v1/talent/rounds"): Op(api_everyone),  # the rounds in scope: none for most roles
    ("get", "/api/v1/talent/rounds/{round_id}"): Op(lambda role, r: 401 if role == ANON else round_scoped(role, r),
                                                    "round"),
    ("post", "/api/v1/talent/rounds"): Op(api_only(Role.CENTER_MANAGER, HR, ok=201)),
    # out of scope 404 first; a team leader sees the sz round but may not move it or decide in it
    ("post", "/api/v1/talent/rounds/{round_id}/actions"): Op(
        lambda role, r: 401 if role == ANON else 403 if (role, r) == (TL, "sz") else round_scoped(role, r), "round"),
    # the action above started deciding (the calls of one role share a transaction): the sz candidate is decided
    # (201); the gz round has no such candidate (422)
    ("post", "/api/v1/talent/rounds/{round_id}/decisions"): Op(
        lambda role, r: 401 if role == ANON else 403 if (role, r) == (TL, "sz") else round_scoped(
            role, r, ok=201 if r == "sz" else 422), "round"),
    # deciders set a quota with its reason (200); a team leader sees the sz round but may not (403)
    ("post", "/api/v1/talent/rounds/{round_id}/quotas"): Op(
        lambda role, r: 401 if role == ANON else 403 if (role, r) == (TL, "sz") else round_scoped(role, r), "round"),
    # after the moves above: the leader nominates his team-mate in the still open sz round (201), the manager's round
    # is deciding (409), HR does not nominate (403); nobody of that number in the gz round's center (404)
    ("post", "/api/v1/talent/rounds/{round_id}/nominations"): Op(
        lambda role, r: 401 if role == ANON else round_scoped(
            role, r, ok={TL: 201, Role.CENTER_MANAGER: 409, HR: 403}.get(role) if r == "sz" else 404), "round"),
    # leader and manager recommend the sz candidate (200); HR does not recommend (403); not a gz candidate (404)
    ("post", "/api/v1/talent/rounds/{round_id}/recommendations"): Op(
        lambda role, r: 401 if role == ANON else round_scoped(
            role, r, ok=(403 if role == HR else 200) if r == "sz" else 404), "round"),
    # the path page's nomination by the API: the same rule (talent.duties), 201 instead of the page's 302
    ("post", "/api/v1/talent/employees/{employee_no}/nominations"): Op(
        lambda role, t: 401 if role == ANON else nominator(role, t, ok=201), "employee"),

    ("post", "/api/v1/exams/questions/import"): Op(api_only(Role.TRAINER, HR)),
    ("get", "/api/v1/exams"): Op(api_everyone),
    ("post", "/api/v1/exams"): Op(api_only(Role.TRAINER, HR, ok=201)),
    ("get", "/api/v1/exams/{exam_id}/results"): Op(api_only(Role.TRAINER, HR, denied=404), "exam"),
    ("post", "/api/v1/exams/{exam_id}/attempts"): Op(api_only(AGENT, TL, denied=404), "exam"),  # has a paper
    ("post", "/api/v1/exams/attempts/{attempt_id}/answers"): Op(api_taker_only, "attempt"),
    ("post", "/api/v1/exams/attempts/{attempt_id}/submit"): Op(api_taker_only, "attempt"),
    ("get", "/api/v1/exams/attempts/{attempt_id}"): Op(api_exam_result_scoped, "attempt"),

    ("get", "/api/v1/training/courses"): Op(api_everyone),
    ("get", "/api/v1/training/programs"): Op(api_everyone),
    # learning.selectors.training_record_for: QA read no one's training but their own (they have no record here)
    ("get", "/api/v1/training/employees/{employee_no}"): Op(
        lambda role, t: 401 if role == ANON else 200 if can_see(role, t) and role != QA else 404, "employee"),
    ("get", "/api/v1/training/teams/{team_code}/sessions"): Op(api_attendance, "team"),
    ("post", "/api/v1/training/attendance"): Op(api_only(TL, Role.TRAINER, Role.CENTER_MANAGER, HR)),
    ("get", "/api/v1/training/differentiated"): Op(api_only(Role.TRAINER, Role.CENTER_MANAGER, HR)),
    ("post", "/api/v1/training/differentiated/runs"): Op(api_only(HR, ok=202)),
    # the run HR started just above (the POST comes first); others may read runs but none exists for them: 404
    ("get", "/api/v1/training/differentiated/run"): Op(lambda role, t=None: 401 if role == ANON else 200 if role == HR
                                                       else 404 if role in (Role.TRAINER, Role.CENTER_MANAGER)
                                                       else 403),

    ("get", "/api/v1/development/anchor-items"): Op(api_everyone),
    ("post", "/api/v1/development/anchors/answers"): Op(api_only(AGENT, TL, ok=201)),  # for oneself
    ("get", "/api/v1/development/anchors/reliability"): Op(api_only(HR)),
    ("get", "/api/v1/development/employees/{employee_no}/anchors"): Op(api_dev_scoped, "employee"),
    ("get", "/api/v1/development/employees/{employee_no}/plan"): Op(api_dev_scoped, "employee"),
    ("post", "/api/v1/development/employees/{employee_no}/idp"): Op(api_dev_self(), "employee"),
    ("post", "/api/v1/development/employees/{employee_no}/idp/actions"): Op(api_dev_self(201), "employee"),
    # nothing submitted yet: the rule refuses (422) those who may act; everybody else in scope is forbidden
    ("post", "/api/v1/development/employees/{employee_no}/idp/submit"): Op(api_dev_self(422), "employee"),
    ("post", "/api/v1/development/employees/{employee_no}/idp/return"): Op(api_dev_leader, "employee"),
    ("post", "/api/v1/development/employees/{employee_no}/idp/agree"): Op(api_dev_leader, "employee"),
    ("post", "/api/v1/development/employees/{employee_no}/idp/review"): Op(api_dev_leader, "employee"),
    # an import's full error list: the person who ran it, and HR; anyone else 404, as if it did not exist
    ("get", "/api/v1/talent/employees/{employee_no}/assessments"): Op(api_scoped, "employee"),
    ("post", "/api/v1/talent/employees/{employee_no}/assessment-sheets"): Op(
        lambda role, t: 401 if role == ANON else 404 if not can_see(role, t)
        else 201 if assessor(role, t) else 422 if t == "exited" else 403, "employee"),
    # supervisors only (403 for the others), in scope; rating someone who has left is refused (422)
    ("get", "/api/v1/talent/employees/{employee_no}/potential"): Op(
        lambda role, t: 401 if role == ANON else 403 if role not in SUPERVISORS else 200 if can_see(role, t)
        else 404, "employee"),
    ("post", "/api/v1/talent/employees/{employee_no}/potential"): Op(
        lambda role, t: 401 if role == ANON else 403 if role not in SUPERVISORS else 404 if not can_see(role, t)
        else 422 if t == "exited" else 201, "employee"),
    ("get", "/api/v1/import-errors/{name}"): Op(lambda role, t=None: 401 if role == ANON else
                                                200 if role == HR or (role == QA and t == "by-qa") else 404,
                                                "error-file"),
    # HR reaches the importer, which rejects this header-only file (422); everybody else is refused before reading it
    ("post", "/api/v1/training/completions/import"): Op(api_only(HR, ok=422)),
    ("post", "/api/v1/training/attendance/import"): Op(api_only(HR, ok=422)),
    ("get", "/api/v1/training/imports/{import_id}"): Op(api_only(HR), "training-import"),
    # no such action: 404 for the two who may record progress; refused (403) for everybody else in scope
    ("post", "/api/v1/development/employees/{employee_no}/idp/progress"): Op(lambda role, t: 401 if role == ANON else (
        404 if not dev_can_see(role, t) or (role == AGENT and t == "own") or role == TL else 403), "employee"),
}
# What each API POST sends (JSON body or multipart form).
API_BODIES = {
    "/api/v1/inbox/read-all": lambda d: ("json", {}),
    "/api/v1/inbox/{item_id}/read": lambda d: ("json", {}),
    "/api/v1/analytics/alerts/{alert_id}/acknowledge": lambda d: ("json", {"note": "x"}),
    "/api/v1/analytics/risk/retrain": lambda d: ("json", {}),
    "/api/v1/analytics/alerts/{alert_id}/idp-action": lambda d: ("json", IDP_ACTION),
    "/api/v1/recognition/employees/{employee_no}/awards": lambda d: ("json", {"badge": "good-example", "reason": "x"}),
    "/api/v1/recognition/runs": lambda d: ("json", {"period": "2026-10"}),
    "/api/v1/recognition/awards/{award_id}/revoke": lambda d: ("json", {"reason": "提名有误"}),
    "/api/v1/kpi/records": lambda d: ("json", {"records": []}),
    "/api/v1/roster/import": lambda d: ("form", {"file": d.upload("roster.csv", "工号,姓名\n")}),
    "/api/v1/employees/{employee_no}/exit": lambda d: ("json", {"effective_date": "2031-06-30",
                                                                "exit_type": "voluntary"}),
    "/api/v1/talent/employees/{employee_no}/assessments": lambda d: ("json", {
        "competency": "spare-competency", "period": "2026Q4", "level": 3}),
    "/api/v1/talent/nine-box/{review_id}/moves": lambda d: ("json", {
        "employee_no": d.employees["center"].employee_no, "box": "33", "reason": "x"}),
    "/api/v1/talent/nine-box/{review_id}/risks": lambda d: ("json", {
        "employee_no": d.employees["center"].employee_no, "risk_of_loss": "high", "impact_of_loss": "medium"}),
    "/api/v1/talent/nine-box/{review_id}/freeze": lambda d: ("json", {}),
    "/api/v1/talent/nine-box": lambda d: ("json", {"center": "sz", "period": "2031Q1"}),
    "/api/v1/talent/reviews": lambda d: ("json", {"center": "sz", "training": "improvement-course"}),
    "/api/v1/talent/reviews/{review_id}/result": lambda d: ("json", {"passed": False, "note": "x"}),
    "/api/v1/talent/reviews/{review_id}/decision": lambda d: ("json", {"outcome": "keep", "reason": "x"}),
    "/api/v1/talent/succession/{center}/candidates": lambda d: ("json", {
        "position": "team-leader", "employee_no": d.employees["center"].employee_no, "readiness": "now"}),
    "/api/v1/talent/succession/candidates/{entry_id}": lambda d: ("json", {"readiness": "12-24"}),
    "/api/v1/talent/rounds": lambda d: ("json", {"center": "sz", "period": "2031Q1", "effective_date": "2031-01-01"}),
    "/api/v1/talent/rounds/{round_id}/actions": lambda d: ("json", {"action": "start_deciding"}),
    "/api/v1/talent/rounds/{round_id}/quotas": lambda d: ("json", {"level": "mgmt-tl", "slots": 3, "reason": "x"}),
    "/api/v1/talent/rounds/{round_id}/decisions": lambda d: ("json", {"decisions": [
        {"candidate_id": d.round_candidate.pk, "decision": "defer", "reason": "x"}]}),
    "/api/v1/talent/rounds/{round_id}/nominations": lambda d: ("json", {
        "employee_no": d.employees["team"].employee_no, "to_level": "mgmt-tl", "reason": "x"}),
    "/api/v1/talent/rounds/{round_id}/recommendations": lambda d: ("json", {
        "candidate_id": d.round_candidate.pk, "recommendation": "support"}),
    "/api/v1/talent/employees/{employee_no}/nominations": lambda d: ("json", {
        "transition_id": nomination_form(d)["transition"], "reason": "稳定达标, 带新人"}),

    "/api/v1/exams/questions/import": lambda d: ("form", {"file": d.question_upload()}),
    "/api/v1/exams": lambda d: ("json", {  # a window still to come: a closed one is refused (422)
        "code": "perm-new", "title": "新考试", "time_limit_minutes": 30,
        "opens_at": (timezone.now() + datetime.timedelta(days=1)).isoformat(),
        "closes_at": (timezone.now() + datetime.timedelta(days=2)).isoformat(), "teams": ["sz-a"], "blueprint": [
            {"topic": "权限", "difficulty": 1, "count": 2}]}),
    "/api/v1/exams/{exam_id}/attempts": lambda d: ("json", {}),
    "/api/v1/exams/attempts/{attempt_id}/answers": lambda d: ("json", {"position": 1, "answer": ["A"]}),
    "/api/v1/exams/attempts/{attempt_id}/submit": lambda d: ("json", {}),

    "/api/v1/training/differentiated/runs": lambda d: ("json", learning_support.differentiation_form(d)),
    "/api/v1/training/attendance": lambda d: ("json", {**learning_support.attendance_form(d),
                                                       "session_id": learning_support.held_session_of_team_sz_a(d).pk}),

    "/api/v1/development/anchors/answers": lambda d: ("json", {"ratings": {str(n): 3 for n in range(1, 41)},
                                                               "most_true": [1, 2, 3]}),
    "/api/v1/development/employees/{employee_no}/idp": lambda d: ("json", {"goals": ["x"]}),
    "/api/v1/development/employees/{employee_no}/idp/actions": lambda d: ("json", {
        "kind": "mentor", "title": "x", "due_date": "2030-01-01"}),
    "/api/v1/development/employees/{employee_no}/idp/submit": lambda d: ("json", {}),
    "/api/v1/development/employees/{employee_no}/idp/return": lambda d: ("json", {"comment": "x"}),
    "/api/v1/development/employees/{employee_no}/idp/agree": lambda d: ("json", {}),
    "/api/v1/development/employees/{employee_no}/idp/review": lambda d: ("json", {"outcome": "on_track"}),
    "/api/v1/training/completions/import": lambda d: ("form", {"file": d.upload("c.csv", "工号,课程代码,完成日期\n")}),
    "/api/v1/training/attendance/import": lambda d: ("form", {"file": d.upload("a.csv", "工号,日期,培训类型,考勤\n")}),
    "/api/v1/talent/employees/{employee_no}/assessment-sheets": lambda d: ("json", {
        "period": "2026Q4", "levels": {"spare-competency": 3, "spare-profile": 2}}),
    "/api/v1/talent/employees/{employee_no}/potential": lambda d: ("json", {"period": "2026Q4", "rating": 3}),
    "/api/v1/development/employees/{employee_no}/idp/progress": lambda d: ("json", {"action": 999999,
                                                                                "status": "done"}),
}


# ----------------------------------------------------------------------------------- separation of duties
# Every decision action, on its page and by the API, against the two targets that depend on who acts (talent.duties;
# tests/permissions/test_duties.py builds the data: every role's user has an employee record in center sz):
#   "self"            the actor's own employee record (a candidate of the round, for the round actions)
#   "own-nomination"  an agent of team sz-a whom the actor nominated (a candidate of the round by that nomination)
DUTY_TARGETS = ["self", "own-nomination"]
ROUND_VISIBLE = (TL, Role.CENTER_MANAGER, HR)  # org.scoping.talent_center_ids_for: the others 404


def duty(self_=None, own=None, outside=404):
    """rule(role, target): `self_`/`own` map a role to its outcome (default 403 for those who see the round or the
    person); roles missing from both maps and not seeing it answer `outside`."""
    def rule(role, target):
        if role == ANON:
            return LOGIN
        table = self_ if target == "self" else own
        return table.get(role, outside)
    return rule


DEC = Role.CENTER_MANAGER
ALL_403 = {TL: 403, DEC: 403, HR: 403}
DUTIES = {
    # nobody nominates themselves (403 self_nomination); re-nominating one's own nominee in a round takes the open
    # nomination as it is (302/201); HR does not nominate (403)
    ("nominate", "page"): duty(self_=ALL_403, own={TL: 302, DEC: 302, HR: 403}),
    ("nominate", "api"): duty(self_=ALL_403, own={TL: 201, DEC: 201, HR: 403}),
    # from the path page: the nominee is in scope of the leader, the manager and HR (the agent sees only themselves,
    # QA nobody's records, the trainer only trainees: 404); a second nomination of the same move is 409
    # already_nominated
    ("nominate-path", "page"): duty(self_={AGENT: 403, TL: 403, Role.TRAINER: 403, QA: 403, DEC: 403, HR: 403},
                                    own={TL: 409, DEC: 409, HR: 403}),
    ("nominate-path", "api"): duty(self_={AGENT: 403, TL: 403, Role.TRAINER: 403, QA: 403, DEC: 403, HR: 403},
                                   own={TL: 409, DEC: 409, HR: 403}),
    # nobody recommends themselves; one's own nominee may be recommended; HR does not recommend
    ("recommend", "page"): duty(self_=ALL_403, own={TL: 302, DEC: 302, HR: 403}),
    ("recommend", "api"): duty(self_=ALL_403, own={TL: 200, DEC: 200, HR: 403}),
    # nobody decides on themselves (self_decision) nor on their own nomination (own_nomination); leaders never
    # decide (not_a_decider) — promotions and the annual review's grade steps alike
    ("decide", "page"): duty(self_=ALL_403, own=ALL_403),
    ("decide", "api"): duty(self_=ALL_403, own=ALL_403),
    ("grade-step", "page"): duty(self_=ALL_403, own=ALL_403),
    ("grade-step", "api"): duty(self_=ALL_403, own=ALL_403),
    # assessing oneself is a self-assessment (kind "self", never counted as the supervisor's): everybody may; the
    # nominee is assessed by their supervisors; the agent, QA and the trainer (not their trainee) do not see them (404)
    ("assess", "page"): duty(self_={r: 302 for r in ROLES}, own={TL: 302, DEC: 302, HR: 302}),
    ("assess", "api"): duty(self_={r: 201 for r in ROLES}, own={TL: 201, DEC: 201, HR: 201}),
    # nobody rates their own potential (self_rating); supervisors rate their nominee; the others are refused (403)
    ("rate-potential", "page"): duty(self_={AGENT: 403, Role.TRAINER: 403, QA: 403, **ALL_403},
                                     own={AGENT: 403, TL: 302, Role.TRAINER: 403, QA: 403, DEC: 302, HR: 302}),
    ("rate-potential", "api"): duty(self_={AGENT: 403, Role.TRAINER: 403, QA: 403, **ALL_403},
                                    own={AGENT: 403, TL: 201, Role.TRAINER: 403, QA: 403, DEC: 201, HR: 201}),
}

# "self" as a target (talent.duties, issue 16): a decider (center manager, HR) who is themselves the person of a
# bottom-rank review, a 9-box placement or a bench place may not record, decide, move or change it: 403, on the
# page and through the API alike (tests/permissions/test_self_targets.py). Each entry: the kind of the URL's
# argument (the acting user's own review, the sz 9-box review, their own bench place, the center) and what is sent.
SELF_POSTS = {
    "talent:review-result": ("review", lambda me: {"passed": "no", "note": "x"}),
    "talent:review-decide": ("review", lambda me: {"outcome": "keep", "reason": "x"}),
    "talent:nine-box-move": ("nine-box", lambda me: {"employee": me.employee_no, "box": "33",
                                                     "reason": "x"}),
    "talent:succession-add": (None, lambda me: {"center": "sz", "position": "supervisor",
                                                "employee": me.employee_no, "readiness": "now"}),
    "talent:succession-readiness": (None, lambda me: {"center": "sz", "position": "team-leader",
                                                      "employee": me.employee_no, "readiness": "now"}),
    "talent:succession-remove": (None, lambda me: {"center": "sz", "position": "team-leader",
                                                   "employee": me.employee_no}),
}
SELF_API = {
    ("post", "/api/v1/talent/reviews/{review_id}/result"): ("review", lambda me: {"passed": False, "note": "x"}),
    ("post", "/api/v1/talent/reviews/{review_id}/decision"): ("review", lambda me: {"outcome": "keep",
                                                                                    "reason": "x"}),
    ("post", "/api/v1/talent/nine-box/{review_id}/moves"): ("nine-box", lambda me: {
        "employee_no": me.employee_no, "box": "33", "reason": "x"}),
    ("post", "/api/v1/talent/nine-box/{review_id}/risks"): ("nine-box", lambda me: {
        "employee_no": me.employee_no, "risk_of_loss": "high", "impact_of_loss": "high"}),
    ("post", "/api/v1/talent/succession/{center}/candidates"): ("center", lambda me: {
        "position": "supervisor", "employee_no": me.employee_no, "readiness": "now"}),
    ("patch", "/api/v1/talent/succession/candidates/{entry_id}"): ("bench", lambda me: {"readiness": "now"}),
    ("delete", "/api/v1/talent/succession/candidates/{entry_id}"): ("bench", lambda me: None),
}
