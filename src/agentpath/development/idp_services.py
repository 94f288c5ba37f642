"""Writes of the IDP: content, actions, and the agreement between employee and team leader (seed 002 §1:
每位员工的个人职业生涯规划应通过上级主管和本人的充分沟通,并达成一致认同; seed 004 §4 IDP).

States move only through django-fsm-2 transitions on Idp (draft → submitted → returned | agreed; returned →
submitted). An agreed version is locked: changing its content starts the next version as a draft, which needs
agreement again. Recording progress on actions (status, evidence) is execution, not a change of the agreed plan.
"""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from agentpath.common.errors import Conflict, Forbidden, Invalid

from . import inbox
from .models import Idp, IdpAction, IdpGoal, IdpReview
from .selectors import (
    agreed_idp,
    is_team_leader_of,
    plan_of,
    unmet_competency_requirements,
    unmet_course_requirements,
)
from .services import require_self, require_team_leader

MIN_GOALS, MAX_GOALS = 3, 5
# Who owns an action by default: the employee learns; the leader arranges assignments, rotations and trials.
LEADER_OWNED = {IdpAction.Kind.STRETCH, IdpAction.Kind.ROTATION, IdpAction.Kind.TRIAL}


def default_owner(employee, kind: str) -> str:
    leader = employee.team.leader if employee.team_id and employee.team.leader_id else None
    return leader.name if kind in LEADER_OWNED and leader else employee.name

def latest_idp(employee) -> Idp | None:
    return Idp.objects.filter(employee=employee).order_by("-version").first()


def _move(idp: Idp, name: str) -> None:
    """Apply a named transition or refuse with the reason a person understands."""
    try:
        getattr(idp, name)()
    except TransitionNotAllowed:
        raise ValidationError(_("This plan is %(state)s (version %(v)s), so it cannot be %(verb)s.") % {
            "state": idp.get_state_display().lower(), "v": idp.version, "verb": _verb(name)}) from None


def _verb(name: str) -> str:
    return {"submit": _("submitted"), "return_to_employee": _("returned"), "agree": _("agreed")}[name]


@transaction.atomic
def editable_idp(user, employee) -> Idp:
    """The version the employee may change: the draft or returned one; a first draft if none; after agreement a
    new version copied from the agreed one (the agreed version itself is never edited). A submitted plan waits
    for the team leader."""
    require_self(user, employee)
    idp = Idp.objects.select_for_update().filter(employee=employee).order_by("-version").first()
    if idp is None:
        return Idp.objects.create(employee=employee, version=1)
    if idp.is_editable:
        return idp
    if idp.state == Idp.State.SUBMITTED:
        raise ValidationError(_("Version %(v)s is waiting for the team leader's agreement; it can be changed "
                                "after it is returned.") % {"v": idp.version})
    return _revise(idp)


def _revise(agreed: Idp) -> Idp:
    new = Idp.objects.create(employee=agreed.employee, version=agreed.version + 1,
                             target_position=agreed.target_position, target_date=agreed.target_date)
    IdpGoal.objects.bulk_create([IdpGoal(idp=new, order=g.order, text=g.text) for g in agreed.goals.all()])
    IdpAction.objects.bulk_create([
        IdpAction(idp=new, kind=a.kind, title=a.title, course_id=a.course_id, owner=a.owner, due_date=a.due_date,
                  source_requirement_id=a.source_requirement_id, status=a.status, evidence=a.evidence,
                  completed_on=a.completed_on)
        for a in agreed.actions.all()])
    return new


@transaction.atomic
def save_idp(user, employee, *, target_position, target_date: datetime.date | None, goals: list[str]) -> Idp:
    idp = editable_idp(user, employee)
    goals = [g.strip() for g in goals if g and g.strip()]
    if len(goals) > MAX_GOALS:
        raise ValidationError(_("An IDP has at most %(n)s development goals.") % {"n": MAX_GOALS})
    idp.target_position, idp.target_date = target_position, target_date
    idp.save(update_fields=["target_position", "target_date"])
    idp.goals.all().delete()
    IdpGoal.objects.bulk_create([IdpGoal(idp=idp, order=i, text=t) for i, t in enumerate(goals, start=1)])
    return idp


@transaction.atomic
def add_action(user, employee, *, kind: str, title: str, due_date: datetime.date, owner: str = "",
               course=None, source_requirement=None) -> IdpAction:
    if kind not in IdpAction.Kind.values:
        raise ValidationError(_("Choose the kind of action."))
    if kind == IdpAction.Kind.COURSE and course is None:
        raise ValidationError(_("A course action names the course."))
    if not (title or course):
        raise ValidationError(_("Describe the action."))
    if due_date is None:
        raise ValidationError(_("Give the action a due date."))
    idp = editable_idp(user, employee)
    return IdpAction.objects.create(idp=idp, kind=kind, title=title or course.display_name, course=course,
                                    source_requirement=source_requirement, due_date=due_date,
                                    owner=owner or default_owner(employee, kind))


def competency_action_title(competency, level: int) -> str:
    """A competency gap as something to do: reach the level, described by what it looks like in the dictionary
    (e.g. 提升「团队建设」至 3 级：建立小组规范与沟通机制，稳定骨干)."""
    looks_like = competency.levels[level - 1] if 1 <= level <= len(competency.levels) else ""
    return _("Develop %(competency)s to level %(level)s: %(looks_like)s") % {
        "competency": competency.name, "level": level, "looks_like": looks_like}


def current_cycle_idp(employee, today: datetime.date | None = None) -> Idp | None:
    """The plan of the current cycle: the latest version, unless its target date has passed (that plan's cycle is
    over and the next one starts with the employee's own new plan)."""
    idp = latest_idp(employee)
    today = today or timezone.localdate()
    if idp is None or (idp.target_date is not None and idp.target_date < today):
        return None
    return idp


@transaction.atomic
def leader_adds_action(user, employee, *, kind: str, title: str, due_date: datetime.date | None, course=None,
                       today: datetime.date | None = None) -> IdpAction:
    """The team leader adds an action to the employee's plan of the current cycle (seed 002 §1: the plan is agreed
    between the two; an early-warning alert opens one this way). A draft or returned version takes it as it is;
    an agreed version stays as agreed and the action starts the next version, a draft the employee submits again;
    a version waiting for the leader's decision is decided first. No plan in the current cycle: refused (the plan
    is the employee's own to start), never a stub."""
    if not is_team_leader_of(user, employee):
        raise Forbidden(_("Only the team leader of %(name)s adds actions to their development plan.")
                        % {"name": employee.name}, code="not_team_leader")
    problems = []
    if kind not in IdpAction.Kind.values:
        problems.append({"code": "invalid_kind", "field": "kind", "message": _(
            "Choose the kind of action: %(kinds)s.") % {"kinds": ", ".join(IdpAction.Kind.values)}})
    elif kind == IdpAction.Kind.COURSE and course is None:
        problems.append({"code": "course_required", "field": "course", "message": _("A course action names the course.")})
    if not (title or "").strip() and course is None:
        problems.append({"code": "title_required", "field": "title", "message": _("Describe the action.")})
    if due_date is None:
        problems.append({"code": "due_date_required", "field": "due_date", "message": _("Give the action a due date.")})
    if problems:
        raise Invalid(" ".join(str(p["message"]) for p in problems), code="action_incomplete", errors=problems)
    current = current_cycle_idp(employee, today)
    if current is None:
        raise Invalid(_("%(name)s has no development plan in the current cycle, so there is nothing to add the action "
                        "to: %(name)s writes the plan first (goals and actions), then you add to it.")
                      % {"name": employee.name}, code="no_current_idp")
    idp = Idp.objects.select_for_update().get(pk=current.pk)
    if idp.state == Idp.State.SUBMITTED:
        raise Conflict(_("Version %(v)s of the plan is waiting for your agreement: agree it or return it first, then "
                         "add the action.") % {"v": idp.version}, code="idp_awaiting_decision")
    if idp.state == Idp.State.AGREED:
        idp = _revise(idp)
    return IdpAction.objects.create(idp=idp, kind=kind, title=(title or "").strip() or course.display_name,
                                    course=course, due_date=due_date, owner=default_owner(employee, kind))


@transaction.atomic
def prefill_actions_from_gaps(user, employee, due_date: datetime.date | None = None) -> list[IdpAction]:
    """Each unmet requirement of the plan's target move that an action can close becomes a proposed action
    (once): a required course a course action; a competency below the level asked (min_competency, seed 001
    职位及能力配比) a stretch assignment to practise it on the job (70-20-10: competencies grow by doing),
    arranged by the team leader, titled with what the required level looks like."""
    require_self(user, employee)
    plan = plan_of(employee)
    if plan is None or plan.target_transition_id is None:
        raise ValidationError(_("Choose a target move in step 3 of the plan first."))
    idp = editable_idp(user, employee)
    have = set(idp.actions.exclude(source_requirement=None).values_list("source_requirement_id", flat=True))
    due = due_date or _default_due(idp)
    owner = default_owner(employee, IdpAction.Kind.COURSE)
    new = [IdpAction(idp=idp, kind=IdpAction.Kind.COURSE, title=r.course.display_name, course=r.course,
                     source_requirement=r, due_date=due, owner=owner)
           for r in unmet_course_requirements(employee, plan.target_transition) if r.id not in have]
    stretch_owner = default_owner(employee, IdpAction.Kind.STRETCH)
    new += [IdpAction(idp=idp, kind=IdpAction.Kind.STRETCH, title=competency_action_title(competency, int(r.value)),
                      source_requirement=r, due_date=due, owner=stretch_owner)
            for r, competency in unmet_competency_requirements(employee, plan.target_transition) if r.id not in have]
    if idp.target_position_id is None and plan.target_position_id:
        idp.target_position = plan.target_position
        idp.save(update_fields=["target_position"])
    return IdpAction.objects.bulk_create(new)


def _default_due(idp: Idp) -> datetime.date:
    return idp.target_date or timezone.localdate() + datetime.timedelta(days=90)


@transaction.atomic
def record_action_progress(user, employee, action_id: int, *, status: str, evidence: str = "") -> IdpAction:
    """The employee or their team leader records progress (enrolled, done with evidence, cancelled) on the
    current version; allowed after agreement, since it does not change what was agreed."""
    if user.employee_id != employee.pk and not is_team_leader_of(user, employee):
        raise PermissionDenied(_("Only %(name)s or their team leader can record progress.") % {"name": employee.name})
    current = latest_idp(employee)
    action = IdpAction.objects.filter(pk=action_id, idp=current).first() if current else None
    if action is None:
        raise IdpAction.DoesNotExist
    if status not in IdpAction.Status.values:
        raise ValidationError(_("%(v)s is not a status of an action; use planned, enrolled, done or cancelled.")
                              % {"v": status})
    if status == IdpAction.Status.DONE and not (evidence.strip() or action.evidence):
        raise ValidationError(_("Say what shows the action is done (a certificate, a result, a date)."))
    if status == IdpAction.Status.DONE and action.status != IdpAction.Status.DONE:
        action.completed_on = timezone.localdate()
    elif status != IdpAction.Status.DONE:
        action.completed_on = None
    action.status = status
    if evidence.strip():
        action.evidence = evidence.strip()
    action.save(update_fields=["status", "evidence", "completed_on"])
    return action


@transaction.atomic
def submit_idp(user, employee) -> Idp:
    """The employee submits the plan for agreement: a target date, 3-5 goals and at least one action."""
    require_self(user, employee)
    idp = latest_idp(employee)
    if idp is None:
        raise ValidationError(_("There is no IDP to submit yet; write its goals and actions first."))
    problems = []
    if idp.is_editable:
        goals = idp.goals.count()
        if not MIN_GOALS <= goals <= MAX_GOALS:
            problems.append(_("An IDP needs 3 to 5 development goals (this one has %(n)s).") % {"n": goals})
        if not idp.actions.exists():
            problems.append(_("Add at least one development action."))
        if idp.target_date is None:
            problems.append(_("Give the plan a target date."))
    if problems:
        raise ValidationError(problems)
    _move(idp, "submit")
    idp.submitted_at = timezone.now()
    idp.save()
    inbox.idp_submitted(idp)
    return idp


@transaction.atomic
def return_idp(user, employee, comment: str) -> Idp:
    """The team leader returns the submitted plan with what to change."""
    require_team_leader(user, employee)
    idp = _latest_for_leader(employee)
    if not comment.strip():
        raise ValidationError(_("Say what should change before returning the plan."))
    _move(idp, "return_to_employee")
    idp.leader_comment, idp.decided_by, idp.decided_at = comment.strip(), user, timezone.now()
    idp.save()
    inbox.idp_decided(idp)
    return idp


@transaction.atomic
def agree_idp(user, employee, comment: str = "") -> Idp:
    """The team leader agrees the submitted version; from now on it is locked."""
    require_team_leader(user, employee)
    idp = _latest_for_leader(employee)
    _move(idp, "agree")
    idp.leader_comment, idp.decided_by, idp.decided_at = comment.strip(), user, timezone.now()
    idp.save()
    inbox.idp_decided(idp)
    return idp


def _latest_for_leader(employee) -> Idp:
    idp = latest_idp(employee)
    if idp is None:
        raise ValidationError(_("%(name)s has no IDP yet.") % {"name": employee.name})
    return idp


@transaction.atomic
def record_review(user, employee, *, outcome: str, notes: str = "",
                  reviewed_on: datetime.date | None = None) -> IdpReview:
    """The team leader's quarterly review of the agreed plan, with its outcome (seed 004 §4)."""
    require_team_leader(user, employee)
    idp = agreed_idp(employee)
    if idp is None:
        raise ValidationError(_("Only an agreed plan is reviewed; %(name)s has none yet.") % {"name": employee.name})
    if outcome not in IdpReview.Outcome.values:
        raise ValidationError(_("Choose the outcome of the review."))
    return IdpReview.objects.create(idp=idp, outcome=outcome, notes=notes.strip(), reviewed_by=user,
                                    reviewed_on=reviewed_on or timezone.localdate())
