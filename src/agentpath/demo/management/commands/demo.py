import datetime

from django.core.management.base import BaseCommand, CommandError

from agentpath.demo.generator import DemoError, generate


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today wants a date like 2026-03-31, not {value!r}") from exc


class Command(BaseCommand):
    help = ("Generate the demo contact center (深圳呼叫中心 and 广州客户运营中心, about 620 active staff with five "
            "years of hires, moves and exits) and the demo logins. Does nothing if the demo is already loaded, "
            "unless --reset.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
        parser.add_argument("--today", type=_date, default=None, help="the date taken as today, YYYY-MM-DD")
        parser.add_argument("--scale", type=float, default=1.0, help="multiplies the head-counts (benchmarks)")
        parser.add_argument("--reset", action="store_true", help="delete the demo data and generate it again")

    def handle(self, *args, seed, today, scale, reset, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive")
        try:
            generate(seed=seed, today=today, stdout=self.stdout, scale=scale, reset=reset)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
