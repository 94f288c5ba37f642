"""Shared set-up for the benchmarks: a PostgreSQL (throwaway unless DATABASE_URL is set), Django, data."""
import contextlib
import datetime
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# The PostgreSQL session settings of every connection a bench opens (the product's, its baseline's, a child
# process's, the server's under test): set through libpq's PGOPTIONS before the first connection, so the
# product and the baseline it is compared with run under the same planner (JIT compiles a plan for seconds
# on statements that take milliseconds, and differently for each statement).
SESSION_SETTINGS = {"jit": "off"}


@contextlib.contextmanager
def database(durable: bool = False, max_connections: int = 100):
    """Yield a DATABASE_URL: the environment's, or a throwaway cluster started for this run (durable: fsync and
    synchronous commit on, as in production). Sets SESSION_SETTINGS for every connection made from here on."""
    options = " ".join(f"-c {name}={value}" for name, value in SESSION_SETTINGS.items())
    os.environ["PGOPTIONS"] = f"{os.environ.get('PGOPTIONS', '')} {options}".strip()
    if os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
        return
    from agentpath.devtools.throwaway_pg import throwaway_cluster

    with throwaway_cluster(durable=durable, max_connections=max_connections) as url:
        os.environ["DATABASE_URL"] = url
        try:
            yield url
        finally:
            os.environ.pop("DATABASE_URL", None)


def setup_django(migrate: bool = True):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agentpath.settings")
    os.environ.setdefault("DEBUG", "0" if os.environ.get("AGENTPATH_ENV") == "production" else "1")
    import django

    django.setup()
    check_session_settings()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from agentpath.careers.services import load_framework
        from agentpath.performance.services import load_default_scorecards

        load_framework("cola")
        load_default_scorecards()


def check_session_settings() -> None:
    """Stop when a connection does not carry SESSION_SETTINGS (PGOPTIONS was lost on the way)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as c:
        for name, wanted in SESSION_SETTINGS.items():
            c.execute(f"SHOW {name}")
            if c.fetchone()[0] != wanted:
                raise SystemExit(f"the connection's {name} is not {wanted}: PGOPTIONS={os.environ.get('PGOPTIONS')}")
    print("session settings (product and baseline alike): "
          + ", ".join(f"{k}={v}" for k, v in SESSION_SETTINGS.items()), flush=True)


def make_agents(count: int, prefix: str = "A", center_code: str = "bench", per_team: int = 15) -> list[str]:
    """`count` agents in one center (teams of `per_team`), inserted set-based. Returns their numbers."""
    from django.db import connection

    from agentpath.careers.models import Level, Position
    from agentpath.org.models import Center

    level = Level.objects.get(code="mgmt-agent")
    position = Position.objects.get(code="agent")
    center, _ = Center.objects.get_or_create(code=center_code, defaults={"name": f"基准中心 {center_code}"})
    with connection.cursor() as c:
        c.execute("""INSERT INTO org_team (code, name, center_id)
                     SELECT %s || '-t' || g, %s || ' 组 ' || g, %s FROM generate_series(1, %s) g""",
                  [center_code, center_code, center.id, (count + per_team - 1) // per_team])
        c.execute("""INSERT INTO org_employee (employee_no, name, center_id, team_id, position_id, level_id, grade,
                         hire_date, education, status, phone, id_number, email)
                     SELECT %s || lpad(g::text, 6, '0'), '坐席' || g, %s,
                            (SELECT id FROM org_team WHERE code = %s || '-t' || ((g - 1) / %s + 1)), %s, %s, 8,
                            DATE '2024-01-01', '', 'active', '', '', ''
                     FROM generate_series(1, %s) g""",
                  [prefix, center.id, center_code, per_team, position.id, level.id, count])
    return [f"{prefix}{i:06d}" for i in range(1, count + 1)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def working_days(first: datetime.date, count: int) -> list[datetime.date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def last_line(figures: dict) -> None:
    print(json.dumps(figures), flush=True)


def finish(figures: dict, missed: list[str]) -> None:
    """End a bench: the targets missed (if any), the figures as the last line (JSON, with `missed`), and the exit
    status (1 when a target was missed)."""
    if missed:
        print("missed: " + "; ".join(missed), flush=True)
    last_line({**figures, "missed": missed})
    sys.exit(1 if missed else 0)
