"""A supervisor's potential rating (潜力评定, DOMAIN.md C8 9-box) of a person, per quarter.

The supervisor on the day rates (org.scoping.supervised_by: a team leader the members of the team in force,
a manager the people of their centers, HR everyone; nobody themselves). One rating per person and quarter:
rating the quarter again changes it, and the row's history (django-simple-history) keeps every earlier value,
who gave it and when. The 9-box review reads the latest rating on its day (talent.nine_box.latest_potential).
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agentpath.common.calendar import QUARTER, parse_period
from agentpath.common.errors import Forbidden, Invalid
from agentpath.org import scoping
from agentpath.org.models import Employee

from . import duties
from .models import PotentialRating

NOTE_MAX = PotentialRating._meta.get_field("note").max_length
# What each rating means, shown beside the choice (the potential axis of seed 004's talent review)
RATING_MEANINGS = {
    1: gettext_lazy("At their ceiling in the present post"),
    2: gettext_lazy("Can grow within the present post"),
    3: gettext_lazy("Can take on more at the present level (grade steps, wider tasks)"),
    4: gettext_lazy("Ready for the next level within one to two years"),
    5: gettext_lazy("Ready for the next level now, and beyond it later"),
}


def check_may_rate_potential(user) -> None:
    """Supervisors (team leaders, managers, HR) rate potential and read the ratings; everybody else is refused alike
    on the pages and by the API (403)."""
    if not scoping.supervises_people(user):
        raise Forbidden(_("Only supervisors (team leaders, managers, HR) rate potential."))


def supervised_people(user, today: datetime.date, center=None):
    """The people `user` supervises on the day (of one center when given), by employee number, for the list."""
    people = scoping.supervised_by(user, today).select_related("team", "position").order_by("employee_no")
    return people.filter(center=center) if center else people


def ratings_of_period(employee_ids, period: str) -> dict[int, PotentialRating]:
    """Each person's rating of a quarter, by employee id."""
    return {r.employee_id: r for r in PotentialRating.objects.filter(employee_id__in=employee_ids, period=period)}


def rating_of(employee: Employee, period: str) -> PotentialRating | None:
    return PotentialRating.objects.filter(employee=employee, period=period).first()


def may_rate(user, employee: Employee, as_of: datetime.date | None = None) -> bool:
    """Whether `user` is `employee`'s supervisor on the day (org.scoping.supervised_by)."""
    return scoping.supervised_by(user, as_of or timezone.localdate()).filter(pk=employee.pk).exists()


def rating_period(text: str, today: datetime.date) -> str:
    """A quarter that has begun (2026Q3): the period of a 9-box review."""
    try:
        period = parse_period(text)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    if period.kind != QUARTER:
        raise ValidationError(_("A potential rating is given for a quarter, e.g. 2026Q3; %(value)s is a month.")
                              % {"value": period.code})
    if period.start > today:
        raise ValidationError(_("%(period)s has not begun; choose the present or an earlier period.")
                              % {"period": period.code})
    return period.code


@transaction.atomic
def record_potential(*, employee: Employee, period: str, rating, note: str, by,
                     today: datetime.date | None = None) -> PotentialRating:
    """Record `by`'s rating (1–5) of `employee`'s potential for a quarter, with an optional note of at most 300
    characters; every error found is named at once and nothing is stored. Nobody rates themselves (talent.duties)
    and only the person's supervisor on the day rates (403 otherwise)."""
    today = today or timezone.localdate()
    errors = []
    duties.check_may_act(by, employee, duties.RATE_POTENTIAL)
    if employee.status == Employee.Status.EXITED:
        raise Invalid(_("%(name)s has left; only people at work are rated.") % {"name": employee.name}, code="exited")
    if not may_rate(by, employee, today):
        raise Forbidden(_("Only %(name)s's supervisor rates their potential; they must be at work.")
                        % {"name": employee.name}, code="not_their_supervisor")
    try:
        code = rating_period(period, today)
    except ValidationError as error:
        errors += error.messages
    if not isinstance(rating, int) or isinstance(rating, bool) or rating not in RATING_MEANINGS:
        errors.append(_("%(value)s is not a potential rating; choose 1 to 5.") % {"value": rating or "—"})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        errors.append(_("The note is %(n)s characters long; at most %(max)s are accepted.")
                      % {"n": len(note), "max": NOTE_MAX})
    if errors:
        raise ValidationError(errors)
    found = PotentialRating.objects.select_for_update().filter(employee=employee, period=code).first()
    if found is None:
        return PotentialRating.objects.create(employee=employee, period=code, rating=rating, note=note, rated_by=by,
                                              rated_on=today)
    if (found.rating, found.note) != (rating, note):
        found.rating, found.note, found.rated_by, found.rated_on = rating, note, by, today
        found.save()  # the history keeps the value it replaces
    return found


def ratings_of(employee: Employee) -> list[dict]:
    """The person's ratings, newest quarter first, each with the values it had before (its history): rating,
    note, who and when."""
    current = list(PotentialRating.objects.filter(employee=employee).select_related("rated_by"))
    earlier: dict[int, list] = {}
    for h in (PotentialRating.history.filter(employee_id=employee.pk).select_related("rated_by")
              .order_by("-history_date", "-history_id")):
        earlier.setdefault(h.id, []).append(h)
    rows = []
    for r in sorted(current, key=lambda r: r.period, reverse=True):  # quarter codes sort as they follow
        versions = earlier.get(r.pk, [])
        rows.append({"rating": r, "earlier": versions[1:]})  # the newest version is the row as it stands
    return rows


def ratings_readable_by(user, employee: Employee) -> list[dict]:
    """ratings_of for a reader who may open the person: nobody reads their own potential ratings (their
    supervisor's judgement with its note and rater; DOMAIN.md roles) — 404, as for someone out of scope."""
    if user.employee_id is not None and employee.pk == user.employee_id:
        raise Http404
    return ratings_of(employee)
