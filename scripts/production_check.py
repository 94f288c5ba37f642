"""Follows docs/operations.md to the letter on a throwaway database and checks the result over HTTP.

AGENTPATH_ENV=production with a SECRET_KEY: migrate, createcachetable, collectstatic, compilemessages,
load-framework, then gunicorn on loopback; GET /login/ and its stylesheet answer 200 and an integration's
bearer-token POSTs are accepted. Exits non-zero (naming the step) when any step fails.

    .venv/bin/python scripts/production_check.py            # throwaway SQLite file
    DATABASE_URL=postgres://… .venv/bin/python scripts/production_check.py
"""
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ROSTER = ("工号,姓名,中心,团队,职位,职级,职等,入职日期,直属上级工号,学历,状态,手机,身份证号,邮箱\n"
          "P0001,生产检查,prod,prod-a,agent,mgmt-agent,8,2024-03-01,,本科,在职,13900001111,440301199202021236,"
          "p0001@example.com\n")
SETUP = """
from agentpath.accounts.models import Role, User
from agentpath.org.models import Center, Team
from agentpath.performance.services import load_default_scorecards
load_default_scorecards()
center = Center.objects.create(code="prod", name="生产检查中心")
Team.objects.create(code="prod-a", name="生产检查A组", center=center)
User.objects.create_user("hr", password=None, role=Role.HR_ADMIN)
"""


def step(name, args, env, **kwargs):
    started = time.monotonic()
    # ten minutes a step: .ci/run runs this alongside both test suites on two cores, so a step that takes 15 s
    # alone can take minutes there; a hung step still fails well before CI's own limit
    result = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600, **kwargs)
    print(f"  {name}: exit {result.returncode} ({time.monotonic() - started:.1f} s)", flush=True)
    if result.returncode != 0:
        sys.exit(f"FAILED: {name}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def request(url, data=None, headers=None, content_type=None):
    headers = {"X-Forwarded-Proto": "https", **(headers or {})}  # nginx in front terminates TLS
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def expect(name, status, body, wanted=200):
    print(f"  {name}: {status}", flush=True)
    if status != wanted:
        sys.exit(f"FAILED: {name} answered {status}, expected {wanted}\n{body[:2000].decode(errors='replace')}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def multipart(field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def main() -> None:
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="agentpath-production-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update({"AGENTPATH_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1,localhost", "AGENTPATH_VAR_DIR": str(work),
                "STATIC_ROOT": str(work / "static"), "DJANGO_SETTINGS_MODULE": "agentpath.settings"})
    env.setdefault("DATABASE_URL", f"sqlite:///{work / 'agentpath.sqlite3'}")
    agentpath = str(BIN / "agentpath")
    print(f"production path in {work} on {env['DATABASE_URL'].split(':')[0]}", flush=True)
    step("check --deploy", [agentpath, "check", "--deploy", "--fail-level", "WARNING"], env)
    step("migrate", [agentpath, "migrate", "--noinput"], env)
    step("createcachetable", [agentpath, "createcachetable"], env)
    step("collectstatic", [agentpath, "collectstatic", "--noinput"], env)
    step("compilemessages", ["sh", "-c", f"cd src && {agentpath} compilemessages --ignore=.venv -v 0"], env)
    step("load-framework", [agentpath, "load-framework", "cola"], env)
    step("an HR user, a center and a team", [agentpath, "shell", "-c", SETUP], env)
    token = step("token create", [agentpath, "token", "create", "--user", "hr"], env).strip()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(BIN / "gunicorn"), "agentpath.wsgi", "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", "--timeout", "60"], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(150):
            if server.poll() is not None:
                sys.exit(f"FAILED: gunicorn exited {server.returncode}\n{server.stdout.read()[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("FAILED: gunicorn did not listen within 30 s")
        status, _, page = request(base + "/login/")
        expect("GET /login/", status, page)
        stylesheet = re.search(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', page)
        if stylesheet is None:
            sys.exit("FAILED: /login/ links no stylesheet")
        status, headers, css = request(base + stylesheet.group(1).decode())
        expect(f"GET {stylesheet.group(1).decode()}", status, css)
        if not headers.get("Content-Type", "").startswith("text/css"):
            sys.exit(f"FAILED: the stylesheet is served as {headers.get('Content-Type')}")

        bearer = {"Authorization": f"Bearer {token}"}
        body, content_type = multipart("file", "roster.csv", ROSTER.encode("utf-8-sig"))
        status, _, answer = request(base + "/api/v1/roster/import", body, bearer, content_type)
        expect("bearer POST /api/v1/roster/import", status, answer)
        batch = {"records": [{"employee_no": "P0001", "date": "2026-06-01", "metric": "aht", "value": 300}]}
        status, _, answer = request(base + "/api/v1/kpi/records", json.dumps(batch).encode(), bearer,
                                    "application/json")
        expect("bearer POST /api/v1/kpi/records", status, answer)
        if not json.loads(answer)["stored"]:
            sys.exit(f"FAILED: the KPI batch was not stored: {answer[:1000]}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    shutil.rmtree(work, ignore_errors=True)
    print(f"production path OK in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
