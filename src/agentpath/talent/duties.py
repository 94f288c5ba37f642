"""Separation of duties (职责分离, DOMAIN.md C8; ARCHITECTURE.md "Decisions"): who may act on whom, as one rule that
every service of a talent action calls (pages, the API and the CLI reach it through the service).

- Nobody nominates, recommends, assesses (as supervisor), rates the potential of, or decides on themselves.
- Nobody decides on a nomination they made.
- Each action has its roles: team leaders and center managers nominate and recommend; supervisors (team leaders,
  managers, HR) assess and rate; HR and center managers decide.
- A decision needs someone above the candidate in their line: HR (the central function, outside every center's
  line) or a center manager who holds a higher place than the candidate — a higher level of the same track, or a
  higher grade (grade 1 is the highest, comparable across tracks) when the tracks differ. A manager's account with
  no employee record is the center's management account, not a place in a line, and so is above it.

Scope (who may see the person at all) is decided before a service is reached (org.scoping): out of scope is
404. A refusal here is `Forbidden` (403) with a stable code.
"""
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.common.errors import Forbidden

NOMINATE, RECOMMEND, ASSESS, RATE_POTENTIAL, DECIDE = "nominate", "recommend", "assess", "rate_potential", "decide"
ACTIONS = (NOMINATE, RECOMMEND, ASSESS, RATE_POTENTIAL, DECIDE)

# action -> the roles that take it (superusers take every action; the rule on oneself binds them as well)
ROLES = {
    NOMINATE: {Role.TEAM_LEADER, Role.CENTER_MANAGER},
    RECOMMEND: {Role.TEAM_LEADER, Role.CENTER_MANAGER},
    ASSESS: {Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.HR_ADMIN},
    RATE_POTENTIAL: {Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.HR_ADMIN},
    DECIDE: {Role.CENTER_MANAGER, Role.HR_ADMIN},
}
# action -> the code of acting on oneself
SELF_CODES = {NOMINATE: "self_nomination", RECOMMEND: "self_recommendation", ASSESS: "self_assessment",
              RATE_POTENTIAL: "self_rating", DECIDE: "self_decision"}
ROLE_CODES = {NOMINATE: "not_a_nominator", RECOMMEND: "not_a_recommender", ASSESS: "not_a_supervisor",
              RATE_POTENTIAL: "not_a_supervisor", DECIDE: "not_a_decider"}


def _self_message(action: str) -> str:
    return {
        NOMINATE: _("Nobody nominates themselves; ask your supervisor."),
        RECOMMEND: _("Nobody recommends themselves."),
        ASSESS: _("Your supervisor assesses you; record your view as a self-assessment."),
        RATE_POTENTIAL: _("Nobody rates their own potential."),
        DECIDE: _("Nobody decides on themselves; someone above you in your line decides."),
    }[action]


def _role_message(action: str) -> str:
    return {
        NOMINATE: _("Only team leaders and center managers nominate."),
        RECOMMEND: _("Only team leaders and center managers recommend candidates."),
        ASSESS: _("Only a supervisor (team leader, center manager, HR) assesses someone else."),
        RATE_POTENTIAL: _("Only a supervisor (team leader, center manager, HR) rates potential."),
        DECIDE: _("Only HR and center managers decide on promotions."),
    }[action]


def is_above(actor_employee, subject) -> bool:
    """Whether `actor_employee` holds a higher place than `subject` in the framework: a higher level of the same
    track, or, across tracks, a higher grade (a smaller number; grades are comparable across tracks)."""
    if actor_employee.level_id is not None and subject.level_id is not None \
            and actor_employee.level.track_id == subject.level.track_id:
        return actor_employee.level.order > subject.level.order
    return actor_employee.grade < subject.grade


def check_may_act(user, subject, action: str, *, nomination=None) -> None:
    """Refuse (Forbidden) `user` taking `action` on the employee `subject`: acting on oneself, a role the action
    does not belong to, deciding on a nomination one made (`nomination`: the candidacy's nomination, if any), or
    deciding without being above the candidate in their line. Returns None when the act is allowed."""
    if action not in ROLES:
        raise ValueError(f"unknown talent action {action!r}")  # a programming error, not a user's
    if not user.is_authenticated:
        raise Forbidden(_role_message(action), code=ROLE_CODES[action])
    if user.employee_id is not None and user.employee_id == subject.pk:
        raise Forbidden(_self_message(action), code=SELF_CODES[action])
    if not user.is_superuser and user.role not in ROLES[action]:
        raise Forbidden(_role_message(action), code=ROLE_CODES[action])
    if action != DECIDE:
        return
    if nomination is not None and nomination.nominated_by_id == user.pk:
        raise Forbidden(_("You nominated %(name)s; someone else decides on your nomination.")
                        % {"name": subject.name}, code="own_nomination")
    if user.is_superuser or user.role == Role.HR_ADMIN or user.employee_id is None:
        return
    if not is_above(user.employee, subject):
        raise Forbidden(_("%(name)s is not below you in their line; someone above them decides.")
                        % {"name": subject.name}, code="not_above_candidate")


def may_act(user, subject, action: str, *, nomination=None) -> bool:
    """check_may_act as a yes/no, for offering a form or a button (the service still checks)."""
    try:
        check_may_act(user, subject, action, nomination=nomination)
    except Forbidden:
        return False
    return True


def check_round_decider(user) -> None:
    """HR and center managers open rounds, move them, set their quotas and decide in them (the scope is checked
    before)."""
    if not (user.is_authenticated and (user.is_superuser or user.role in ROLES[DECIDE])):
        raise Forbidden(_("Only HR and center managers decide in promotion rounds."), code="not_a_decider")
