"""Writes of recognition: the default badges and levels, the monthly award run, a nomination by hand and a
revocation. The rule of who may give or revoke a badge by hand lives here, for the pages, the API and the CLI."""
import collections
import datetime
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.common.calendar import MONTH, Period, parse_period, period_of
from agentpath.common.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from agentpath.org.scoping import employees_visible_to

from . import defaults
from . import inbox as recognition_inbox
from .models import Award, Badge, PointsRule, XpLevel
from .rules import Statement, award_statement, heaviness


def load_default_badges(code: str = "cola") -> dict:
    """The default badges, experience levels and points rules (recognition.defaults) that are missing; HR's edits are kept.
    Idempotent: {"created": n, "changed": 0}."""
    created = 0
    existing = set(Badge.objects.values_list("code", flat=True))
    new = [Badge(code=c, name=name, name_en=name_en, icon=icon, rule=rule, params=params, points=points, order=i)
           for i, (c, name, name_en, icon, rule, params, points) in enumerate(defaults.DEFAULT_BADGES)
           if c not in existing]
    Badge.objects.bulk_create(new)
    created += len(new)
    existing = set(XpLevel.objects.values_list("code", flat=True))
    levels = [XpLevel(code=c, name=name, name_en=name_en, min_points=points)
              for c, name, name_en, points in defaults.DEFAULT_LEVELS if c not in existing]
    XpLevel.objects.bulk_create(levels)
    existing = set(PointsRule.objects.values_list("code", flat=True))
    rules = [PointsRule(code=c, name=name, name_en=name_en, source=source, threshold=threshold, points=points)
             for c, name, name_en, source, threshold, points in defaults.DEFAULT_POINTS if c not in existing]
    PointsRule.objects.bulk_create(rules)
    return {"created": created + len(levels) + len(rules), "changed": 0}


def month_of(text: str | Period) -> Period:
    """The month an award run is for ('2026-10'); a quarter or anything else is refused."""
    try:
        period = text if isinstance(text, Period) else parse_period(text)
    except ValueError as exc:
        raise Invalid(str(exc), code="bad_period") from exc
    if period.kind != MONTH:
        raise Invalid(_("Awards run for a month, e.g. 2026-10; quarterly badges are given with the quarter's last "
                        "month."), code="bad_period")
    return period


@dataclass(frozen=True)
class AwardRun:
    """What one award run gave: new awards per badge code, in the order the badges ran, and when (every award of
    the run has this awarded_at and run_period: `awards` finds exactly them); `seconds`: each badge's statement,
    begin to commit."""

    period: str
    counts: dict[str, int]
    awarded_at: datetime.datetime
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def awards(self):
        """The awards this run created (a query: read when asked, never by the run itself)."""
        return Award.objects.filter(run_period=self.period, awarded_at=self.awarded_at)

    @property
    def award_ids(self) -> list[int]:
        return list(self.awards.order_by("pk").values_list("pk", flat=True))


class AwardRuleFailed(RuntimeError):
    """A rule's statement failed: the run stops (no badge is told) and says which rule. The rules committed before
    it stay; running the month again gives the rest and nothing twice."""

    def __init__(self, badge: Badge):
        self.badge_code = badge.code
        super().__init__(f"the award rule of badge {badge.code} ({badge.rule}) failed")


def award_connections() -> int:
    """On how many database connections the run gives its rules at once. One decision, here: inside a caller's
    transaction (connection.in_atomic_block: a page's request, the tests' `db` fixture) the rules run one after
    another on that connection, so that they belong to the caller's transaction and go with it (another
    connection could neither see its uncommitted rows nor be rolled back with it); SQLite has one writer, so one
    after another always; otherwise settings.RECOGNITION_AWARD_CONNECTIONS (the machine's cores)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, settings.RECOGNITION_AWARD_CONNECTIONS)


@dataclass(frozen=True)
class _Given:
    badge: Badge
    count: int
    seconds: float
    error: BaseException | None = None


def _give(badge: Badge, statement: Statement | None) -> _Given:
    """One rule's statement in its own transaction (a savepoint inside a caller's): (new awards, seconds)."""
    begin = time.perf_counter()
    created = 0
    if statement is not None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            created = cursor.rowcount
    return _Given(badge, created, time.perf_counter() - begin)


def _give_on_connections(work: list[tuple[Badge, Statement | None]], connections: int):
    """Yield each rule's _Given as it commits, the rules given by `connections` threads, each on its own database
    connection, taking the next rule of `work` (heaviest first) when it is free. After a failure no thread takes
    another rule; those running finish."""
    pending = collections.deque(work)
    lock, stop, results = threading.Lock(), threading.Event(), queue.SimpleQueue()

    def worker():
        try:
            while not stop.is_set():
                with lock:
                    if not pending:
                        break
                    badge, statement = pending.popleft()
                try:
                    results.put(_give(badge, statement))
                except DatabaseError as error:  # handed to the caller's thread, which raises it
                    stop.set()
                    results.put(_Given(badge, 0, 0.0, error))
        finally:
            connection.close()  # this thread's own connection
            results.put(None)

    threads = [threading.Thread(target=worker, name=f"award-rules-{n}") for n in range(connections)]
    for thread in threads:
        thread.start()
    finished = 0
    while finished < len(threads):
        given = results.get()
        if given is None:
            finished += 1
        else:
            yield given
    for thread in threads:
        thread.join()


def in_run_order(badges) -> list[Badge]:
    """The rule badges in the order the run takes them: the heaviest first (rules.heaviness), then as shown."""
    return sorted(badges, key=lambda b: (-heaviness(b), b.order, b.code))


def award_period(period: str | Period, by=None, progress: Callable[[int, int], None] | None = None) -> AwardRun:
    """Every active rule badge over the whole workforce for the month (seed 004 "小徽章"): per badge one INSERT …
    SELECT of who earned it with the facts that show it (recognition.rules), each its own transaction, spread over
    award_connections() database connections, the heaviest rules first (rules.heaviness) so that they finish
    together; then, once every rule has committed, in one transaction, one INSERT … SELECT of the inbox items of
    the month's awards and one of the level-ups their points gave (recognition.inbox). A rule that fails fails the
    run (AwardRuleFailed, naming it; nobody is told). Running it again awards nothing twice (ON CONFLICT DO
    NOTHING on the unique badge, person, occasion) and tells nothing twice (the items' keys); after late KPI it
    adds what is now earned and removes nothing; a revoked award is not given back for the same occasion. Nothing
    is read into Python per award or per person. `progress(done, total)` is called on the caller's thread as each
    rule commits."""
    month = month_of(period)
    badges = in_run_order(Badge.objects.filter(active=True).exclude(rule=Badge.Rule.BY_HAND))
    now = timezone.now()
    work = [(badge, award_statement(badge, month, by_id=by.pk if by else None, now=now)) for badge in badges]
    connections = award_connections()
    given = _give_on_connections(work, connections) if connections > 1 else _one_after_another(work)
    counts, seconds, failed = {}, {}, None
    for result in given:
        if result.error is not None:
            failed = failed or result
            continue
        counts[result.badge.code], seconds[result.badge.code] = result.count, result.seconds
        if progress:
            progress(len(counts), len(badges))
    if failed is not None:
        raise AwardRuleFailed(failed.badge) from failed.error
    order = {badge.code: n for n, badge in enumerate(badges)}
    run = AwardRun(month.code, dict(sorted(counts.items(), key=lambda kv: order[kv[0]])), now,
                   dict(sorted(seconds.items(), key=lambda kv: order[kv[0]])))
    if run.total and connection.vendor == "postgresql":
        # What autovacuum would do after so many new rows, now: with the statistics of the table as it was before
        # the run (empty at go-live) the planner joins the new awards to the accounts award by award, and reads
        # the level-ups' points person by person, every daily row of each (measured at 10,000 people, 5,087 with
        # an account: the level-ups 5.8 s, after ANALYZE 0.8 s; at 100,000 telling nobody, each badge telling its
        # own awards kept the run 1.7 s behind the hand-written statements).
        # Only the columns those plans read (the facts' JSON is most of what a whole-table ANALYZE samples).
        columns = ", ".join(Award._meta.get_field(f).column for f in ("employee", "badge", "run_period", "revoked_at"))
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Award._meta.db_table} ({columns})")
    # The month's awards, not only this run's: a run stopped after its awards and before its items is made good by
    # the next run of the month (what was told already is not told again).
    told = Award.objects.filter(run_period=month.code)
    with transaction.atomic():
        recognition_inbox.tell_badges(told)
        recognition_inbox.tell_level_ups(told)
    return run


def _one_after_another(work: list[tuple[Badge, Statement | None]]):
    """Yield each rule's _Given, the rules given one after another on this thread's connection; a failure is
    raised as AwardRuleFailed at once (inside a caller's transaction nothing else may run after it)."""
    for badge, statement in work:
        try:
            yield _give(badge, statement)
        except DatabaseError as error:
            raise AwardRuleFailed(badge) from error


GIVERS = (Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.HR_ADMIN)  # who gives a badge by hand (seed 004: 好榜样)


def check_may_run_awards(user) -> None:
    """HR runs a month's awards and exports them; the pages and the API refuse everybody else alike (403)."""
    if not (user.is_superuser or user.role == Role.HR_ADMIN):
        raise Forbidden(_("Only HR runs the month's awards."))


def check_may_give(user, employee) -> None:
    """A team leader, center manager or HR gives a by-hand badge to someone in their scope (a team leader: their
    team), never to themselves, never to someone who has left. Out of scope answers as if the person did not
    exist."""
    if not employees_visible_to(user).filter(pk=employee.pk).exists():
        raise NotFound(_("No such person."))
    if user.employee_id is not None and user.employee_id == employee.pk:
        raise Forbidden(_("You cannot give yourself a badge."), code="self_award")
    if user.role not in GIVERS and not user.is_superuser:
        raise Forbidden(_("Only team leaders, center managers and HR give badges by hand."), code="forbidden")
    if employee.exit_date and employee.exit_date <= timezone.localdate():
        raise Invalid(_("%(name)s has left; badges go to people who work here.") % {"name": employee.name},
                      code="not_employed")


def may_give(user, employee) -> bool:
    """Whether check_may_give lets `user` give `employee` a badge by hand (the growth file shows the form)."""
    try:
        check_may_give(user, employee)
    except DomainError:
        return False
    return True


@transaction.atomic
def award_by_hand(*, badge: Badge, employee, by, reason: str, on: datetime.date | None = None) -> Award:
    """A nomination (seed 004 "小徽章,好榜样"): `by` gives a by-hand badge to `employee` with a reason, once per
    badge, person and month (check_may_give says who may)."""
    check_may_give(by, employee)
    reason = (reason or "").strip()
    if badge.rule != Badge.Rule.BY_HAND or not badge.active:
        raise Invalid(_("%(badge)s is awarded by its rule, not by hand.") % {"badge": badge}, code="not_by_hand")
    if not reason:
        raise Invalid(_("Say why the badge is given."), code="reason_required")
    on = on or timezone.localdate()
    occasion = period_of(on, MONTH).code
    if Award.objects.filter(badge=badge, employee=employee, occasion=occasion).exists():
        raise Conflict(_("%(name)s already has %(badge)s for %(month)s.")
                       % {"name": employee.name, "badge": badge, "month": occasion}, code="already_awarded")
    award = Award.objects.create(badge=badge, employee=employee, occasion=occasion, earned_on=on, reason=reason,
                                 awarded_by=by, facts={"reason": reason, "by": by.get_full_name() or by.username})
    recognition_inbox.awards_created([award.pk])
    return award


@transaction.atomic
def revoke_award(*, award: Award | int, by, reason: str) -> Award:
    """Revoke an award (or the award of that id) with a reason; it stays in the history, marked revoked by whom,
    when and why, and a re-run never gives it back for the same occasion. HR may revoke any award; whoever may give
    a by-hand badge to the person (their team leader, their center's manager) may revoke a by-hand one. An award of
    someone out of the actor's scope answers as one that does not exist."""
    award = (Award.objects.select_for_update().select_related("badge", "employee")
             .filter(pk=award.pk if isinstance(award, Award) else award).first())
    if award is None or not employees_visible_to(by).filter(pk=award.employee_id).exists():
        raise NotFound(_("No such award."))
    if not (by.role == Role.HR_ADMIN or by.is_superuser
            or (award.badge.rule == Badge.Rule.BY_HAND and by.role in GIVERS and by.employee_id != award.employee_id)):
        raise Forbidden(_("Only HR revokes a badge given by a rule; a leader revokes badges given by hand."),
                        code="forbidden")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why the badge is revoked."), code="reason_required")
    if award.revoked_at:
        raise Conflict(_("This award was already revoked."), code="already_revoked")
    award.revoked_at, award.revoked_by, award.revoke_reason = timezone.now(), by, reason
    award.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return award
