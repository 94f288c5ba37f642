"""Differentiated training (seed 002 §3.5): the quarterly rule that enrols people into the specialized programs.

For each rule of settings.DIFFERENTIATED_TRAINING (a composite group and its program):
- mandatory: the bottom share (50 %) of the group's quarterly composite in the peer group (performance's
  bottom_share), anyone with a business-handling deduction in the quarter (rules with "deductions"), and
  anyone with under `new_hire_months` (12) months of tenure at the quarter's end;
- optional: everyone else who was ranked in the group that quarter.
Every enrolment names the rule and the figure ("业务能力综合排名 P32 < P50"). People on leave are treated by one
rule that every criterion and every group's rule applies (leave_rule): they are enrolled like anyone, and their
enrolment starts when they are back. Set-based: a handful of queries whatever the workforce size; running a
quarter twice changes nothing (one enrolment per person, program and quarter)."""
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.common.calendar import add_months, months_between
from agentpath.common.rows import in_chunks
from agentpath.org import scoping
from agentpath.org.models import Employee, LeavePeriod
from agentpath.performance.models import CompositeGroup, KpiResult
from agentpath.performance.ranking import parse_period
from agentpath.performance.selectors import bottom_share

from . import inbox
from .models import DifferentiationRun, Enrolment, Program


@dataclass(frozen=True)
class Decision:
    employee_id: int
    mandatory: bool
    reason: str
    starts_on: datetime.date | None = None  # the day the enrolment starts (leave_rule); None: the run's day


@dataclass(frozen=True)
class Start:
    """When a person's enrolment starts, and what the reason adds about their leave."""
    on: datetime.date
    note: str = ""


def leave_rule(employee_ids, today: datetime.date) -> dict[int, Start]:
    """Who the differentiated-training rules enrol, and from when — the one rule for leave, which the rank, the
    deduction and the tenure criteria of every group's rule apply alike (seed 002 §3.5 excludes nobody on
    leave: a bottom rank, a deduction or short tenure is no less a reason for the training): everyone at work
    or on leave is enrolled, nobody who has left. Someone at work starts on the run's day; someone on leave
    starts the day after their leave ends, and while its end is unknown on their return (the enrolment is
    dated the run's day and its reason says so)."""
    people = {}
    for ids in in_chunks(employee_ids):
        people.update(Employee.objects.filter(pk__in=ids).exclude(status=Employee.Status.EXITED)
                      .values_list("id", "status"))
    away = [emp_id for emp_id, status in people.items() if status == Employee.Status.LEAVE]
    ends: dict[int, datetime.date] = {}  # the last day of the leave each is on; absent while it lasts
    open_ended = set()
    for ids in in_chunks(away):
        for emp_id, end in (LeavePeriod.objects.filter(employee_id__in=ids, start__lte=today)
                            .filter(Q(end__isnull=True) | Q(end__gte=today)).values_list("employee_id", "end")):
            if end is None:
                open_ended.add(emp_id)
            else:
                ends[emp_id] = max(end, ends.get(emp_id, end))
    starts = {}
    for emp_id, status in people.items():
        if status != Employee.Status.LEAVE:
            starts[emp_id] = Start(today)
        elif emp_id in ends and emp_id not in open_ended:
            back = ends[emp_id] + datetime.timedelta(days=1)
            starts[emp_id] = Start(back, _("on leave until %(end)s: starts %(back)s") % {
                "end": ends[emp_id].isoformat(), "back": back.isoformat()})
        else:
            starts[emp_id] = Start(today, _("on leave: starts on return"))
    return starts


def _pct(value: float) -> str:
    return f"P{round(value):d}"


def decisions_for(rule: dict, quarter: str, today: datetime.date | None = None) -> list[Decision]:
    """Who the rule puts in the program for the quarter, and why (first reason that applies, in the order of
    seed 002 §3.5.1: rank, deduction, tenure)."""
    period = parse_period(quarter)
    share = float(rule["bottom_share"])
    group = CompositeGroup.objects.filter(code=rule["group"]).first()
    group_name = group.name if group else rule["group"]
    ranked = {r["employee_id"]: r for r in KpiResult.objects.filter(period=period.code, group_code=rule["group"])
              .values("employee_id", "percentile", "deductions")}
    bottom = set(bottom_share(rule["group"], period, share, scope=scoping.SYSTEM).values_list("employee_id", flat=True))
    deductions = {}
    if rule["deductions"]:
        # the deductions total of the quarter is the same on every group's row; read it from any group
        for r in KpiResult.objects.filter(period=period.code, deductions__gt=0).values("employee_id", "deductions"):
            deductions[r["employee_id"]] = r["deductions"]
    months = int(settings.DIFFERENTIATED_TRAINING["new_hire_months"])
    quarter_end = period.last_day
    new_hires = dict(Employee.objects.exclude(status=Employee.Status.EXITED)
                     .filter(hire_date__gt=add_months(quarter_end, -months)).values_list("id", "hire_date"))
    starts = leave_rule(set(ranked) | set(deductions) | set(new_hires), today or timezone.localdate())
    out = []
    for emp_id in sorted(starts):
        row = ranked.get(emp_id)
        start = starts[emp_id]
        if emp_id in bottom and row is not None:
            reason = _("%(g)s composite rank %(p)s < P%(cut)d") % {
                "g": group_name, "p": _pct(row["percentile"]), "cut": round(share * 100)}
        elif emp_id in deductions:
            reason = _("business-handling deduction %(d)s points in %(q)s") % {
                "d": f"{deductions[emp_id]:g}", "q": period.code}
        elif emp_id in new_hires:
            reason = _("tenure %(m)d months < %(n)d months") % {
                "m": months_between(new_hires[emp_id], quarter_end), "n": months}
        else:  # ranked in the group, above the bottom share
            out.append(Decision(emp_id, False, _with_leave(_("%(g)s composite rank %(p)s ≥ P%(cut)d: optional") % {
                "g": group_name, "p": _pct(row["percentile"]), "cut": round(share * 100)}, start), start.on))
            continue
        out.append(Decision(emp_id, True, _with_leave(reason, start), start.on))
    return out


def _with_leave(reason: str, start: Start) -> str:
    return _("%(reason)s; %(leave)s") % {"reason": reason, "leave": start.note} if start.note else reason


def run_differentiation(run: DifferentiationRun, progress=None) -> DifferentiationRun:
    """Apply every rule for the run's quarter; existing enrolments of the quarter are kept as they are."""
    rules = settings.DIFFERENTIATED_TRAINING["rules"]
    programs = {p.code: p for p in Program.objects.filter(code__in=[r["program"] for r in rules])}
    run.status = DifferentiationRun.Status.RUNNING
    run.save(update_fields=["status"])
    mandatory = optional = 0
    today = timezone.localdate()
    for i, rule in enumerate(rules, start=1):
        program = programs[rule["program"]]
        decisions = decisions_for(rule, run.quarter, today)
        with transaction.atomic():
            Enrolment.objects.bulk_create(
                [Enrolment(employee_id=d.employee_id, program=program, kind=Enrolment.Kind.RULE,
                           mandatory=d.mandatory, reason=d.reason, period=run.quarter, run=run,
                           enrolled_on=d.starts_on or today)
                 for d in decisions], ignore_conflicts=True)
            inbox.mandatory_enrolments_of_run(run, program)
        mandatory += sum(1 for d in decisions if d.mandatory)
        optional += sum(1 for d in decisions if not d.mandatory)
        run.progress = round(100 * i / len(rules))
        run.save(update_fields=["progress"])
        if progress:
            progress(i, len(rules))
    run.mandatory, run.optional = mandatory, optional
    run.status, run.finished_at = DifferentiationRun.Status.DONE, timezone.now()
    run.save(update_fields=["mandatory", "optional", "status", "finished_at"])
    return run


def start_run(quarter: str, by=None) -> DifferentiationRun:
    """Validate the quarter and record a queued run (the task runs it)."""
    period = parse_period(quarter)
    if period.kind != KpiResult.PeriodKind.QUARTER:
        raise ValueError(_("%(value)s is not a quarter; write it as 2026Q3.") % {"value": quarter})
    return DifferentiationRun.objects.create(quarter=period.code, created_by=by)
