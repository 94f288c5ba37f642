"""docs/operations.md "A new customer": the walkthrough's command block, run exactly as written (through the real
`agentpath` console script, in a shell) on the files the page shows, on an empty database — so the page cannot
drift from the product. On SQLite a fresh file; when the suite runs on PostgreSQL, a fresh database on the same
server."""
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import scratch_db

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "operations.md"
BLOCK = re.compile(r"^(?P<indent>[ \t]*)<!-- walkthrough:(?P<what>commands|file (?P<name>[^ ]+)) -->\n"
                   r"(?P=indent)```[a-z]*\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
PASSWORD = "Hz-Kefu-2026!"


def walkthrough() -> tuple[str, dict[str, str]]:
    """The command block and the files (name -> text) of the walkthrough."""
    commands, files = None, {}
    for m in BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        body = textwrap.dedent(m["body"])
        if m["what"] == "commands":
            commands = body
        else:
            files[m["name"]] = body
    assert commands is not None, "docs/operations.md lost its walkthrough block"
    return commands, files


@pytest.fixture
def empty_database_url(tmp_path):
    """An empty database of the backend the suite runs on."""
    with scratch_db.empty_database_url(tmp_path) as url:
        yield url


# The commands run on the suite's engine (DATABASE_URL), in a subprocess: on PostgreSQL, where a customer runs them.
# On SQLite the same commands (migrate, load-framework, the imports through the API, on a fresh file) are the
# production path's (scripts/production_check.py, `make test-production`), so `make test` leaves this one out.
@pytest.mark.engine_dependent
@pytest.mark.postgresql_only
def test_the_new_customer_walkthrough_runs_as_written_to_the_first_ranks(tmp_path, empty_database_url):
    commands, files = walkthrough()
    assert set(files) == {"org.csv", "roster.csv", "org-leaders.csv", "kpi.csv"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for pw in re.findall(r"< (\S+\.pw)", commands):  # the password files the page says only you can read
        (tmp_path / pw).write_text(PASSWORD + "\n", encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "agentpath").exists()
    env = {**os.environ, "DATABASE_URL": empty_database_url, "PATH": f"{bin_dir}:{os.environ.get('PATH', '')}",
           "AGENTPATH_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "agentpath.settings"}
    for name in ("AGENTPATH_ENV", "LANGUAGE", "LC_ALL"):  # development mode, the default language (Chinese)
        env.pop(name, None)

    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", commands], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=900)

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    assert (tmp_path / "org-template.xlsx").stat().st_size > 0
    # org.csv: 1 center and 2 teams created; org-leaders.csv: the 2 teams get their leaders, the center unchanged
    assert "读取 2 行,新建 3,更新 0,未变 0" in out and "读取 2 行,新建 0,更新 2,未变 1" in out, out
    assert "读取 9 行,新建 9" in out and "读取 6 行,新建 6" in out, out
    ranks = re.search(r"2026Q3\D+(\d+)", out.splitlines()[-1])
    # 6 agents × the agents' 2 groups, and the 2 team leaders and the manager × their 2 groups (团队绩效, 团队建设)
    assert ranks and int(ranks[1]) == 18, out

    check = subprocess.run(
        [str(bin_dir / "agentpath"), "shell", "-c",
         "from agentpath.accounts.models import User; from agentpath.org.models import Team;"
         "print(sorted((u.username, u.role, ','.join(c.code for c in u.centers.all())) for u in User.objects.all()));"
         "print(sorted((t.code, t.leader.employee_no) for t in Team.objects.all()))"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    lines = check.stdout.strip().splitlines()
    assert lines[-2] == "[('HZ0001', 'center_manager', 'hz'), ('HZ0010', 'team_leader', ''), " \
                        "('hr-admin', 'hr_admin', '')]", check.stdout + check.stderr
    assert lines[-1] == "[('hz-a', 'HZ0010'), ('hz-b', 'HZ0020')]"


def test_bash_is_there_to_run_it():
    assert shutil.which("bash")
