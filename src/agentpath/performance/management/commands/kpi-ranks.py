"""agentpath kpi-ranks --period 2026Q3: compute composites, ranks and percentiles of a month or quarter.

A closed period (docs/kpi.md "Closed periods") keeps its ranks unless --recompute-closed --reason "…" is given;
that recomputation is logged (RankLog) with the counts and every changed rank, and printed. A closed period whose
ranks the data would not change is said to be so, and the command succeeds: there is nothing to recompute.
"""
import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agentpath.common.calendar import parse_period, periods_between
from agentpath.performance.closed_periods import is_closed
from agentpath.performance.models import Scorecard
from agentpath.performance.ranking import (
    changes_if_recomputed,
    compute_ranks,
    people_without_assignment,
    recompute_closed_period,
)
from agentpath.performance.services import load_default_scorecards

CHANGES_PRINTED = 50


class Command(BaseCommand):
    help = ("Compute KPI composites and ranks for a month (2026-07) or quarter (2026Q3), or a year (--year 2026). "
            "Closed periods need --recompute-closed --reason.")

    def add_arguments(self, parser):
        parser.add_argument("--period", action="append", default=[], help="2026-07 or 2026Q3; may repeat")
        parser.add_argument("--year", type=int, help="every month and quarter of this year")
        parser.add_argument("--default-scorecards", action="store_true",
                            help="first give agent positions without a scorecard the default one")
        parser.add_argument("--recompute-closed", action="store_true",
                            help="also recompute closed periods (logged, with --reason)")
        parser.add_argument("--reason", default="", help="why closed periods are recomputed (kept in the log)")

    def handle(self, *args, period, year, default_scorecards, recompute_closed, reason, **options):
        if default_scorecards:
            load_default_scorecards()
        try:
            periods = [parse_period(p) for p in period]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if year:
            periods += periods_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        if not periods:
            raise CommandError(_("Name a period: --period 2026Q3 or --period 2026-07, or --year 2026."))
        if not Scorecard.objects.exists():  # nothing would be ranked: say so rather than print "0 ranks"
            raise CommandError(_("No position has a KPI scorecard, so nobody can be ranked. Load the framework "
                                 "(agentpath load-framework cola installs the default scorecards) or give "
                                 "--default-scorecards."))
        if recompute_closed and not reason.strip():
            raise CommandError(_("Say why closed periods are recomputed: --reason \"…\"."))
        today = timezone.localdate()
        closed = [p for p in periods if is_closed(p, today)]
        if closed and not recompute_closed:
            changing = {p.code: len(changes_if_recomputed(p)) for p in closed}
            if any(changing.values()):
                raise CommandError(_("Closed, ranks kept: %(periods)s. Recompute them explicitly with "
                                     "--recompute-closed --reason \"…\" (the change is logged).")
                                   % {"periods": ", ".join(f"{code} ({n})" for code, n in changing.items() if n)})
            for p in closed:
                self.stdout.write(_("%(period)s is closed; its ranks are what the data gives, nothing to recompute.")
                                  % {"period": p.code})
        for p in periods:
            started = time.perf_counter()
            if p in closed and not recompute_closed:
                continue
            if p in closed:
                self._report(recompute_closed_period(p, reason=reason), time.perf_counter() - started)
                continue
            rows = compute_ranks(p, today=today)
            self.stdout.write(_("%(period)s: %(rows)s ranks in %(s).2f s")
                              % {"period": p.code, "rows": rows, "s": time.perf_counter() - started})
        for p in periods:
            self._warn_unplaced(p)

    def _warn_unplaced(self, period) -> None:
        unplaced = people_without_assignment(period)
        if unplaced:
            self.stderr.write(ngettext(
                "%(period)s: %(n)s person with KPI has no position or center in force on their last working day "
                "of the period (no event history, or KPI after an exit) and is not ranked: %(people)s",
                "%(period)s: %(n)s people with KPI have no position or center in force on their last working day "
                "of the period (no event history, or KPI after an exit) and are not ranked: %(people)s",
                len(unplaced)) % {"period": period.code, "n": len(unplaced),
                                 "people": ", ".join(unplaced[:20]) + (" …" if len(unplaced) > 20 else "")})

    def _report(self, log, seconds: float) -> None:
        self.stdout.write(_("%(period)s (closed) recomputed in %(s).2f s: %(before)s ranks before, %(after)s after, "
                            "%(changed)s changed; logged as #%(log)s.")
                          % {"period": log.period, "s": seconds, "before": log.ranks_before,
                             "after": log.ranks_after, "changed": log.ranks_changed, "log": log.pk})
        for c in log.changes[:CHANGES_PRINTED]:
            self.stdout.write(_("  %(employee)s %(group)s: rank %(rank_before)s → %(rank_after)s of "
                                "%(size_before)s → %(size_after)s, percentile %(p_before)s → %(p_after)s")
                              % {"employee": c["employee_no"], "group": c["group"],
                                 "rank_before": _dash(c["rank_before"]), "rank_after": _dash(c["rank_after"]),
                                 "size_before": _dash(c["peer_size_before"]), "size_after": _dash(c["peer_size_after"]),
                                 "p_before": _dash(c["percentile_before"], 1), "p_after": _dash(c["percentile_after"], 1)})
        if log.ranks_changed > CHANGES_PRINTED:
            self.stdout.write(_("  … and %(n)s more (all in the log).") % {"n": log.ranks_changed - CHANGES_PRINTED})


def _dash(value, digits: int | None = None) -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}" if digits is not None else str(value)
