"""agentpath kpi-ranks --period 2026Q3: recompute composites, ranks and percentiles of a month or quarter."""
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agentpath.performance.ranking import parse_period, periods_between
from agentpath.performance.services import load_default_scorecards


class Command(BaseCommand):
    help = "Recompute KPI composites and ranks for a month (2026-07) or quarter (2026Q3), or a year (--year 2026)."

    def add_arguments(self, parser):
        parser.add_argument("--period", action="append", default=[], help="2026-07 or 2026Q3; may repeat")
        parser.add_argument("--year", type=int, help="every month and quarter of this year")
        parser.add_argument("--default-scorecards", action="store_true",
                            help="first give agent positions without a scorecard the default one")

    def handle(self, *args, period, year, default_scorecards, **options):
        from agentpath.performance.ranking import compute_ranks

        if default_scorecards:
            load_default_scorecards()
        try:
            periods = [parse_period(p) for p in period]
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if year:
            import datetime

            periods += periods_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        if not periods:
            raise CommandError(_("Name a period: --period 2026Q3 or --period 2026-07, or --year 2026."))
        for p in periods:
            started = time.perf_counter()
            rows = compute_ranks(p)
            self.stdout.write(_("%(period)s: %(rows)s ranks in %(s).2f s")
                              % {"period": p.code, "rows": rows, "s": time.perf_counter() - started})
