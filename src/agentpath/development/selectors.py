"""Reads for the development workspace, scoped by the acting user through org.scoping.

Whose plans a user sees: an agent their own; a team leader their team's and their own; a center manager their
centers'; HR everybody. Trainers and QA see only their own: a development plan is between the employee and the
line (seed 002 §1: 上级主管和本人). Out of scope answers 404.
"""
import datetime
from collections import defaultdict

from django.db.models import Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.careers.models import Position, Requirement, Track
from agentpath.common.errors import Forbidden, Invalid
from agentpath.learning.models import Course
from agentpath.org import scoping
from agentpath.org import selectors as org_selectors
from agentpath.org.models import Employee
from agentpath.talent.eligibility import evaluate
from agentpath.talent.models import Competency
from agentpath.talent.selectors import PATH_KINDS

from . import anchors
from .models import (
    AnchorAnswer,
    AnchorTake,
    CareerPlan,
    Conversation,
    Idp,
    IdpAction,
    IdpReview,
    OnboardingTask,
)

REVIEW_EVERY_DAYS = 92  # a quarter (seed 004 §4: IDP reviewed quarterly)
OPEN_STATUSES = (IdpAction.Status.PLANNED, IdpAction.Status.ENROLLED)
ONBOARDING_MONTHS, DIRECTION_MONTHS = 3, 6  # seed 003: new hires; half a year and more
# 70-20-10: experience, people, formal learning — a guide, not a rule.
MIX_BUCKET = {IdpAction.Kind.STRETCH: 70, IdpAction.Kind.ROTATION: 70, IdpAction.Kind.TRIAL: 70,
              IdpAction.Kind.MENTOR: 20, IdpAction.Kind.COURSE: 10}


def subjects_for(user) -> QuerySet:
    qs = scoping.employees_visible_to(user)
    if user.is_authenticated and not user.is_superuser and user.role in (Role.TRAINER, Role.QA):
        return qs.filter(pk=user.employee_id) if user.employee_id else qs.none()
    return qs


def subject_for(user, employee_no: str) -> Employee:
    employee = (org_selectors.with_tenure(subjects_for(user).select_related("center", "team", "level", "level__track",
                                                                           "position"))
                .filter(employee_no=employee_no).first())
    if employee is None:
        raise Http404
    return employee


def own_subject(user) -> Employee:
    """The signed-in person's own record; accounts without one have no workspace (404)."""
    if not user.employee_id:
        raise Http404
    return subject_for(user, user.employee.employee_no)


def supervisor_id_of(employee: Employee) -> int | None:
    """The one rule for who agrees, returns and reviews (seed 002 §1 上级主管): the leader of the employee's team;
    for a team leader, who leads their own team, their manager (直属上级)."""
    leader_id = employee.team.leader_id if employee.team_id else None
    if leader_id and leader_id != employee.pk:
        return leader_id
    return employee.manager_id


def is_team_leader_of(user, employee: Employee) -> bool:
    """Whether the user is the employee's supervisor (supervisor_id_of); never for oneself."""
    if not user.employee_id or employee.pk == user.employee_id:
        return False
    return supervisor_id_of(employee) == user.employee_id


# anchors ---------------------------------------------------------------------------------------------------

def anchor_profile(employee: Employee) -> dict | None:
    """The latest inventory explained: scores in the inventory's order, the top three with their meaning, and the
    tracks worth discussing (one query for the tracks)."""
    takes = list(AnchorTake.objects.filter(employee=employee).order_by("-taken_at", "-id")[:20])
    if not takes:
        return None
    latest = takes[0]
    top = anchors.top_anchors(latest.scores)
    track_codes = {c for code in top for c in anchors.ANCHOR_BY_CODE[code].track_codes}
    tracks = {t.code: t for t in Track.objects.filter(code__in=track_codes).prefetch_related("levels__positions")}
    explained = []
    for code in top:
        anchor = anchors.ANCHOR_BY_CODE[code]
        explained.append({"anchor": anchor, "score": latest.scores[code],
                          "tracks": [tracks[c] for c in anchor.track_codes if c in tracks]})
    return {"take": latest, "takes": takes, "retakes": len(takes) - 1,
            "scores": [(a, latest.scores[a.code]) for a in anchors.ANCHORS], "top": explained}


def anchor_reliability(user) -> dict:
    """HR: Cronbach's α per anchor over every answer sheet so far (retakes included), with the number of sheets.
    Everybody else is refused alike on the page and by the API (403)."""
    if not (user.is_superuser or user.role == Role.HR_ADMIN):
        raise Forbidden(_("Only HR sees the reliability of the items."))
    sheets: dict[int, dict[int, int]] = defaultdict(dict)
    for take_id, item, rating in AnchorAnswer.objects.values_list("take_id", "item", "rating"):
        sheets[take_id][item] = rating
    complete = [s for s in sheets.values() if len(s) == len(anchors.ITEMS)]
    rows = []
    for anchor in anchors.ANCHORS:
        numbers = [i.number for i in anchors.ITEMS if i.anchor == anchor.code]
        rows.append({"anchor": anchor, "alpha": anchors.cronbach_alpha([[s[n] for n in numbers] for s in complete])})
    return {"answers": len(complete), "rows": rows}


# plan and IDP -------------------------------------------------------------------------------------------------

def plan_of(employee: Employee) -> CareerPlan | None:
    return (CareerPlan.objects.select_related("target_transition__to_level__track", "target_position")
            .filter(employee=employee).first())


def current_idp(employee: Employee) -> Idp | None:
    return (Idp.objects.select_related("target_position", "decided_by").prefetch_related("goals", "actions__course")
            .filter(employee=employee).order_by("-version").first())


def agreed_idp(employee: Employee) -> Idp | None:
    return Idp.objects.filter(employee=employee, state=Idp.State.AGREED).order_by("-version").first()


def idp_progress(idp: Idp | None) -> dict:
    """Share of live actions done, and the 70-20-10 mix of the actions (a guide for the conversation)."""
    actions = [a for a in (idp.actions.all() if idp else []) if a.status != IdpAction.Status.CANCELLED]
    done = sum(1 for a in actions if a.status == IdpAction.Status.DONE)
    mix = {70: 0, 20: 0, 10: 0}
    for a in actions:
        mix[MIX_BUCKET[a.kind]] += 1
    total = len(actions)
    return {"total": total, "done": done, "percent": round(100 * done / total) if total else 0,
            "mix": [(bucket, count, round(100 * count / total) if total else 0) for bucket, count in mix.items()]}


def transition_gaps(employee: Employee, transition) -> list:
    """The unmet requirements of the target move from the eligibility engine: the competency transition's gaps."""
    if transition is None:
        return []
    options = evaluate([employee])[employee.id]
    option = next((o for o in options if o.transition.id == transition.id), None)
    return [c for c in option.checks if not c.met] if option else []


def unmet_course_requirements(employee: Employee, transition) -> list[Requirement]:
    ids = [c.requirement_id for c in transition_gaps(employee, transition) if c.kind == Requirement.Kind.REQUIRED_COURSE]
    return list(Requirement.objects.select_related("course").filter(id__in=ids).order_by("id"))


def unmet_competency_requirements(employee: Employee, transition) -> list[tuple[Requirement, Competency]]:
    """The min_competency requirements of the move the person does not meet yet (not assessed by the supervisor,
    or assessed below), each with its competency from the dictionary (what the required level looks like)."""
    ids = [c.requirement_id for c in transition_gaps(employee, transition) if c.kind == Requirement.Kind.MIN_COMPETENCY]
    requirements = list(Requirement.objects.filter(id__in=ids).order_by("id"))
    dictionary = Competency.objects.in_bulk([r.competency for r in requirements], field_name="code")
    return [(r, dictionary[r.competency]) for r in requirements if r.competency in dictionary]


def open_moves(employee: Employee) -> list:
    """Moves a plan may aim at: the promotions and lateral moves open from the current level."""
    return [o.transition for o in evaluate([employee], kinds=PATH_KINDS)[employee.id]]


def reviews_of(idp: Idp | None) -> list[IdpReview]:
    return list(idp.reviews.select_related("reviewed_by")) if idp else []


def conversations_of(employee: Employee) -> list[Conversation]:
    return list(employee.development_conversations.select_related("held_by"))


# tenure guidance (seed 003) --------------------------------------------------------------------------------------

def tenure_guidance(employee: Employee, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    months = org_selectors.tenure_months(employee, today)
    tasks = list(OnboardingTask.objects.filter(employee=employee))
    direction_held = Conversation.objects.filter(employee=employee, kind=Conversation.Kind.DIRECTION).exists()
    return {"tenure_months": months, "onboarding": tasks, "is_new_hire": months < ONBOARDING_MONTHS,
            "direction_due": months >= DIRECTION_MONTHS and not direction_held,
            "offers_measures": months >= DIRECTION_MONTHS}


# the team leader's lists ------------------------------------------------------------------------------------------

def team_overview(user, today: datetime.date | None = None) -> dict:
    """For the team leader's page (and the future team-leader home): plans waiting for agreement, overdue actions,
    overdue quarterly reviews and six-month direction conversations due, over the people the user leads or
    manages. A fixed number of queries whatever the team size."""
    today = today or timezone.localdate()
    people = subjects_for(user).exclude(pk=user.employee_id).filter(status=Employee.Status.ACTIVE)
    current = list(_latest(Idp.objects.filter(employee__in=people)).select_related("employee", "employee__team")
                   .order_by("employee__employee_no"))
    waiting = [i for i in current if i.state == Idp.State.SUBMITTED]
    overdue = overdue_items(people, today)
    half_year_ago = today - datetime.timedelta(days=183)
    held = Conversation.objects.filter(employee__in=people, kind=Conversation.Kind.DIRECTION).values("employee_id")
    direction_due = list(people.filter(hire_date__lte=half_year_ago).exclude(pk__in=held)
                         .select_related("team").order_by("hire_date")[:200])
    return {"current": current, "waiting": waiting, **overdue, "direction_due": direction_due}


def _latest(idps: QuerySet) -> QuerySet:
    """Each employee's highest version among `idps`."""
    top = idps.filter(employee=OuterRef("employee")).order_by("-version").values("version")[:1]
    return idps.filter(version=Subquery(top))


def overdue_items(people: QuerySet, today: datetime.date | None = None) -> dict:
    """Overdue actions (open and past their due date) of the people's agreed plans, and agreed plans with no
    review in the last quarter (counted from the agreement when none was recorded)."""
    today = today or timezone.localdate()
    idps = _latest(Idp.objects.filter(employee__in=people, state=Idp.State.AGREED))
    actions = list(IdpAction.objects.filter(idp__in=idps, status__in=OPEN_STATUSES, due_date__lt=today)
                   .select_related("idp__employee").order_by("due_date"))
    due_before = today - datetime.timedelta(days=REVIEW_EVERY_DAYS)
    reviews = list(idps.annotate(last_review=Max("reviews__reviewed_on")).select_related("employee")
                   .filter(Q(last_review__lt=due_before) | Q(last_review__isnull=True, decided_at__date__lt=due_before))
                   .order_by("decided_at"))
    return {"overdue_actions": actions, "overdue_reviews": reviews}


def target_position(code: str | None) -> Position | None:
    """The IDP's target position by its code (none when not given); an unknown code is refused (422)."""
    return _by_code(Position, code, _("There is no position %(code)s."))


def action_course(code: str | None) -> Course | None:
    """A development action's course by its code (none when not given); an unknown code is refused (422)."""
    return _by_code(Course, code, _("There is no course %(code)s."))


def _by_code(model, code: str | None, unknown: str):
    if not code:
        return None
    found = model.objects.filter(code=code).first()
    if found is None:
        raise Invalid(unknown % {"code": code})
    return found
