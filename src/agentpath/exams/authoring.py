"""Writing exam templates (issue 8): a draft exam's fields, blueprint, audience and overrides are saved here,
by the authoring pages and by the API's create-and-schedule alike; scheduling itself (the bank check and the
draw) is drawing.schedule_exam. The question bank's status actions live here too."""
from collections import Counter

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.org import scoping

from .drawing import ExamRefused, schedule_exam, when
from .models import SUPERVISOR_KEY_CHOICES, BlueprintCell, Exam, ExamOverride, Question, Reveal

# The review options: when takers, their supervisors and QA see what of a result (models.Exam).
REVIEW_FIELDS = ("taker_score", "taker_answers", "taker_key", "taker_explanations", "supervisor_score",
                 "supervisor_answers", "supervisor_key", "supervisor_explanations", "qa_score")
# The fields of an exam template a draft may change (the code is given once, at creation).
TEMPLATE_FIELDS = ("title", "time_limit_minutes", "pass_mark", "opens_at", "closes_at", "attempts_allowed",
                   "writes_kpi", "kpi_date") + REVIEW_FIELDS


def check_review(fields: dict) -> None:
    """Review options within the roles table: supervisors never see answers, key or explanations while takers may
    still sit the exam."""
    for name in REVIEW_FIELDS:
        value = fields.get(name, Exam._meta.get_field(name).default)
        allowed = dict(SUPERVISOR_KEY_CHOICES if name in ("supervisor_answers", "supervisor_key",
                                                          "supervisor_explanations") else Reveal.choices)
        if value not in allowed:
            raise ExamRefused(_("%(option)s cannot be “%(value)s”; choose one of: %(allowed)s.") % {
                "option": Exam._meta.get_field(name).verbose_name, "value": value,
                "allowed": ", ".join(str(label) for label in allowed.values())}, code="bad_review_option")


def _aware(value):
    """A time without a zone is the installation's local time."""
    return timezone.make_aware(value) if value is not None and timezone.is_naive(value) else value


def check_audience(user, levels, teams) -> None:
    """Trainers schedule for the centers they serve: they name at least one team, every one of their centers
    (levels alone would reach every center). HR may name levels alone."""
    if scoping.center_ids_for(user) is None:
        return
    if not teams:
        raise ExamRefused(_("Choose at least one team of your centers: a trainer's exam is for the teams of the "
                            "centers they serve."), code="audience_outside_centers")
    allowed = set(scoping.teams_visible_to(user).values_list("pk", flat=True))
    outside = sorted(t.code for t in teams if t.pk not in allowed)
    if outside:
        raise ExamRefused(_("These teams are not in your centers: %(codes)s") % {"codes": ", ".join(outside)},
                          code="audience_outside_centers")


@transaction.atomic
def save_draft(user, fields: dict, *, blueprint, levels, teams, overrides, exam: Exam | None = None,
               code: str | None = None) -> Exam:
    """Create (exam None, with `code`) or change a draft exam. blueprint: [(topic, difficulty, count)] (cells with
    count 0 are left out); overrides: [{"employee": Employee|None, "team": Team|None, "extra_minutes",
    "opens_at", "closes_at"}]. Raises ExamRefused, storing nothing, when the exam is already scheduled, the
    window is backwards, a cell is given twice, an override names both or neither a person and a team, or a
    trainer's audience reaches beyond their centers."""
    if exam is not None and exam.status == Exam.Status.SCHEDULED:
        raise ExamRefused(_("This exam is already scheduled: its papers are drawn and it can no longer be changed."),
                          code="already_scheduled")
    fields = {k: _aware(v) if k in ("opens_at", "closes_at") else v for k, v in fields.items()}
    if fields["closes_at"] <= fields["opens_at"]:
        raise ExamRefused(_("The exam must close after it opens: it opens at %(opens)s and closes at %(closes)s.")
                          % {"opens": when(fields["opens_at"]), "closes": when(fields["closes_at"])},
                          code="window_backwards")
    check_review(fields)
    cells = [(t.strip(), int(d), int(n)) for t, d, n in blueprint if int(n) > 0]
    twice = [k for k, n in Counter((t, d) for t, d, _n in cells).items() if n > 1]
    if twice:
        raise ExamRefused(_("The blueprint names a topic and difficulty twice; give each cell once."), code="blueprint_cell_twice")
    for o in overrides:
        if (o.get("employee") is None) == (o.get("team") is None):
            raise ExamRefused(_("Each override names either one employee or one team."), code="override_target")
        o["opens_at"], o["closes_at"] = _aware(o.get("opens_at")), _aware(o.get("closes_at"))
        if o["opens_at"] and o["closes_at"] and o["closes_at"] <= o["opens_at"]:
            raise ExamRefused(_("A make-up window must close after it opens."), code="window_backwards")
    check_audience(user, levels, teams)
    if exam is None:
        if Exam.objects.filter(code=code).exists():
            raise ExamRefused(_("An exam with the code %(code)s exists already.") % {"code": code}, code="code_taken")
        exam = Exam.objects.create(code=code, owner=user, **fields)
    else:
        for key, value in fields.items():
            setattr(exam, key, value)
        exam.save(update_fields=list(fields))
        exam.cells.all().delete()
        exam.overrides.all().delete()
    exam.audience_levels.set(levels)
    exam.audience_teams.set(teams)
    BlueprintCell.objects.bulk_create(BlueprintCell(exam=exam, topic=t, difficulty=d, count=n) for t, d, n in cells)
    ExamOverride.objects.bulk_create(
        ExamOverride(exam=exam, employee=o["employee"], team=o["team"] if o["employee"] is None else None,
                     extra_minutes=o.get("extra_minutes") or 0, opens_at=o["opens_at"], closes_at=o["closes_at"])
        for o in overrides)
    return exam


def bank_grid(extra_cells=()) -> dict:
    """{topic: {difficulty: ready questions}} for every topic of the bank (any status) and the given cells' topics,
    so the blueprint grid shows what the bank can give per cell."""
    grid = {t: {1: 0, 2: 0, 3: 0} for t in Question.objects.values_list("topic", flat=True).distinct()}
    for topic, _d, _n in extra_cells:
        grid.setdefault(topic, {1: 0, 2: 0, 3: 0})
    for row in Question.objects.filter(status=Question.Status.READY).values("topic", "difficulty").annotate(
            n=Count("id")):
        grid[row["topic"]][row["difficulty"]] = row["n"]
    return dict(sorted(grid.items()))


def set_question_status(question: Question, status: str) -> Question:
    """Make a question ready (it needs a wording) or retire it. Papers already drawn keep their versions."""
    if status not in (Question.Status.READY, Question.Status.RETIRED):
        raise ExamRefused(_("A question can be made ready or retired."), code="bad_status")
    if status == Question.Status.READY and not question.versions.exists():
        raise ExamRefused(_("Question %(code)s has no wording yet; import it first.") % {"code": question.code},
                          code="no_wording")
    question.status = status
    question.save(update_fields=["status"])
    return question


def schedule(user, exam: Exam, *, seed: int | None = None, now=None) -> int:
    """Schedule a draft from the pages: the audience rule holds for the one who schedules, then the papers are
    drawn (drawing.schedule_exam refuses a closed window, or a bank too small for the blueprint naming the
    cells)."""
    check_audience(user, list(exam.audience_levels.all()), list(exam.audience_teams.all()))
    return schedule_exam(exam, seed=seed, now=now)
