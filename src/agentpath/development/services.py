"""Writes of the development workspace other than the IDP (idp_services): the anchor inventory, the four-step plan
and want/fit/can, the team leader's conversations and the new hire's 90-day skills plan (seed 003)."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agentpath.careers.models import Transition
from agentpath.common.errors import Forbidden

from . import anchors
from .models import AnchorAnswer, AnchorTake, CareerPlan, Conversation, OnboardingTask
from .selectors import is_team_leader_of

ONBOARDING_DAYS = 90
# Skills in the order they are learned, each due on its day of the first 90 (seed 003).
ONBOARDING_SCHEDULE = [(OnboardingTask.Skill.PRODUCT, 30), (OnboardingTask.Skill.PHONE, 45),
                       (OnboardingTask.Skill.SERVICE, 60), (OnboardingTask.Skill.COMPLAINTS, 75),
                       (OnboardingTask.Skill.STRESS, 90)]

PLAN_STEPS = {
    1: ["self_analysis", "environment_analysis", "key_success_factors", "key_problems"],
    2: ["stage", "goals_short", "goals_middle", "goals_long", "success_criteria"],
    3: ["target_transition", "target_position", "role_transition", "competency_transition"],
    4: ["plan_summary"],
}


def check_may_take_inventory(user) -> None:
    """The career-anchor inventory is answered for oneself: accounts without an employee record are refused alike
    on the page and by the API (403)."""
    if not user.employee_id:
        raise Forbidden(_("Only people with an employee record take the inventory."))


def require_self(user, employee):
    """Only the employee writes their own plan and answers their own inventory."""
    if user.employee_id != employee.pk:
        raise PermissionDenied(_("Only %(name)s can change their own plan.") % {"name": employee.name})


def require_team_leader(user, employee):
    if not is_team_leader_of(user, employee):
        raise PermissionDenied(_("Only the team leader of %(name)s's team can do this.") % {"name": employee.name})


def validate_answers(ratings: dict[int, int], most_true: list[int]) -> None:
    """Every item rated 1-6 and exactly three distinct items marked most true; errors name the item."""
    errors = []
    for number in anchors.ITEM_NUMBERS:
        value = ratings.get(number)
        if value is None:
            errors.append(_("Item %(n)s has no rating; rate it from 1 to 6.") % {"n": number})
        elif not anchors.RATING_MIN <= value <= anchors.RATING_MAX:
            errors.append(_("Item %(n)s: %(v)s is not a rating from 1 to 6.") % {"n": number, "v": value})
    unknown = set(ratings) - set(anchors.ITEM_NUMBERS)
    if unknown:
        errors.append(_("There is no item %(n)s; items run from 1 to 40.") % {"n": min(unknown)})
    picked = set(most_true)
    if len(picked) != anchors.TOP_ITEMS or len(most_true) != anchors.TOP_ITEMS:
        errors.append(_("Pick exactly three different items as most true for you (you picked %(n)s).")
                      % {"n": len(picked)})
    elif not picked <= set(anchors.ITEM_NUMBERS):
        errors.append(_("There is no item %(n)s; items run from 1 to 40.") % {"n": max(picked)})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_anchor_take(user, employee, ratings: dict[int, int], most_true: list[int]) -> AnchorTake:
    """Keep one completed inventory with its computed scores (anchors.score_answers); earlier takes are kept."""
    require_self(user, employee)
    validate_answers(ratings, most_true)
    take = AnchorTake.objects.create(employee=employee, scores=anchors.score_answers(ratings, most_true))
    AnchorAnswer.objects.bulk_create([AnchorAnswer(take=take, item=n, rating=ratings[n], most_true=n in most_true)
                                      for n in anchors.ITEM_NUMBERS])
    return take


def start_plan(employee) -> CareerPlan:
    return CareerPlan.objects.get_or_create(employee=employee)[0]


@transaction.atomic
def save_plan_step(user, employee, step: int, values: dict) -> CareerPlan:
    """Save one of the four steps of seed 000. A target move must start from the employee's current level."""
    require_self(user, employee)
    if step not in PLAN_STEPS:
        raise ValidationError(_("There is no step %(n)s; the plan has four steps.") % {"n": step})
    plan = start_plan(employee)
    transition = values.get("target_transition")
    if step == 3 and transition is not None:
        if transition.from_level_id != employee.level_id or transition.kind == Transition.Kind.DEMOTION:
            raise ValidationError(_("%(move)s does not start from %(name)s's level %(level)s.")
                                  % {"move": transition, "name": employee.name, "level": employee.level.display_name})
        if values.get("target_position") is None:
            values["target_position"] = transition.to_position or transition.to_level.positions.first()
    for field in PLAN_STEPS[step]:
        setattr(plan, field, values.get(field) if field in ("target_transition", "target_position")
                else values.get(field) or "")
    plan.save()
    return plan


# 想 / 适合 / 可以 (seed 000 员工生涯路线选择): the questions by dimension.
WANT_FIT_CAN = [
    ("want", [("values", gettext_lazy("Values")), ("ideals", gettext_lazy("Ideals")), ("achievement", gettext_lazy("Achievement opportunities")),
              ("interests", gettext_lazy("Interests"))]),
    ("fit", [("functions", gettext_lazy("Functions")), ("skills", gettext_lazy("Skills")), ("eq", gettext_lazy("Emotional intelligence")),
             ("education", gettext_lazy("Education")), ("personality", gettext_lazy("Personality"))]),
    ("can", [("organization", gettext_lazy("Organizational context")), ("society", gettext_lazy("Social context")),
             ("economy", gettext_lazy("Economic context"))]),
]
WANT_FIT_CAN_KEYS = [key for _dim, questions in WANT_FIT_CAN for key, _label in questions]


@transaction.atomic
def save_want_fit_can(user, employee, answers: dict[str, str], summary: str) -> CareerPlan:
    """Keep the answers to the want/fit/can questions and the summary the employee wrote or edited. An empty
    summary is drafted from the answers so the employee edits rather than starts from nothing."""
    require_self(user, employee)
    plan = start_plan(employee)
    plan.want_fit_can = {k: (answers.get(k) or "").strip() for k in WANT_FIT_CAN_KEYS}
    plan.want_fit_can_summary = summary.strip() or draft_want_fit_can_summary(plan.want_fit_can)
    plan.save()
    return plan


def draft_want_fit_can_summary(answers: dict[str, str]) -> str:
    parts = []
    for title, keys in ((_("Want"), ("values", "ideals", "achievement", "interests")),
                        (_("Fit"), ("functions", "skills", "eq", "education", "personality")),
                        (_("Can"), ("organization", "society", "economy"))):
        text = "; ".join(answers[k] for k in keys if answers.get(k))
        if text:
            parts.append(f"{title}: {text}")
    return "\n".join(parts)


@transaction.atomic
def record_conversation(user, employee, kind: str, conclusion: str, held_on: datetime.date | None = None):
    """The team leader records an anchor conversation or the six-month career-direction conversation (seed 003)
    with its conclusion; the anchors start a conversation, not an assignment."""
    require_team_leader(user, employee)
    if kind not in Conversation.Kind.values:
        raise ValidationError(_("Choose the kind of conversation."))
    if not conclusion.strip():
        raise ValidationError(_("Write the conclusion of the conversation."))
    return Conversation.objects.create(employee=employee, kind=kind, conclusion=conclusion.strip(), held_by=user,
                                       held_on=held_on or timezone.localdate())


def create_onboarding_plans(employees, today: datetime.date | None = None) -> int:
    """Give each new hire the 90-day skills plan of seed 003 (phone communication, service skills, complaint
    handling, stress relief, product knowledge), due from the hire date. A new hire is someone whose first 90 days
    are not over yet, so loading the roster of long-serving staff creates no plans. One insert for the whole set;
    people who already have a plan keep it. Returns the number of tasks created."""
    since = (today or timezone.localdate()) - datetime.timedelta(days=ONBOARDING_DAYS)
    tasks = [OnboardingTask(employee_id=e.pk, skill=skill, due_date=e.hire_date + datetime.timedelta(days=day))
             for e in employees if e.hire_date > since for skill, day in ONBOARDING_SCHEDULE]
    return len(OnboardingTask.objects.bulk_create(tasks, ignore_conflicts=True))


def mark_onboarding_done(user, employee, skill: str) -> OnboardingTask:
    require_team_leader(user, employee)
    task = OnboardingTask.objects.get(employee=employee, skill=skill)
    task.done_on = timezone.localdate()
    task.save(update_fields=["done_on"])
    return task
