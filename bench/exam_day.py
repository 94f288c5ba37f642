# ruff: noqa: I001  (locust must be imported first: it patches sockets and threads with gevent)
"""Exam day (issue 8): N takers start the monthly exam at the same moment and save every answer on its own.

    .venv/bin/python bench/exam_day.py            # the Moodle 4.5 profile: 2,000 takers, 16 questions, 30–90 s
    .venv/bin/python bench/exam_day.py --small    # 50 takers, think time 0.5–1.5 s (a smoke run)

AgentPath under gunicorn (gthread) on loopback against a throwaway PostgreSQL that is durable (fsync,
synchronous_commit and full-page writes on, as in production: an acknowledged answer survives a crash), or
DATABASE_URL, driven by locust (headless, as a library) through the exams API with bearer tokens (as an LMS or
kiosk would; the browser page posts to the same services). Every taker is spawned and waits; all start at one
synchronized moment, then think 30–90 s before each of the 16 answers (each answer its own save) and submit.
Prints the time until every taker had their first question, p50/p95/p99 per step, errors (failed requests,
client exceptions, takers who did not finish) and lost answers (each answer the client saw acknowledged,
compared with the database afterwards), and a JSON line last. Targets: 0 errors, 0 lost answers, all started
within 30 s, save p95 < 300 ms, on a durable database (a run on one that is not durable is a miss);
exits 1 on a miss. Moodle's reference run: 0 errors on a 12-core app server
and a 4-core database.
"""
from locust import FastHttpUser, constant, events, task  # first: locust patches sockets and threads with gevent

import argparse
import datetime
import hashlib
import math
import os
import random
import signal
import socket
import subprocess
import sys
import time

import gevent
import gevent.event
import psutil
from geventhttpclient import HTTPClient
from locust.env import Environment
from locust.exception import StopUser

from _common import ROOT, database, finish, make_agents, setup_django

QUESTIONS = 16


def build(takers: int) -> tuple[int, list[str]]:
    """Takers with bearer tokens, a bank of 3 × QUESTIONS questions and a scheduled exam. Set-based."""
    from django.utils import timezone

    from agentpath.accounts.models import ApiToken, User
    from agentpath.exams.drawing import schedule_exam
    from agentpath.exams.models import BlueprintCell, Exam, Question, QuestionVersion
    from agentpath.org.models import Employee, Team

    numbers = make_agents(takers, prefix="X", center_code="exam")
    employees = dict(Employee.objects.filter(employee_no__in=numbers).values_list("employee_no", "id"))
    User.objects.bulk_create(User(username=f"taker{n}", role="agent", employee_id=employees[n], password="!")
                             for n in numbers)
    users = dict(User.objects.filter(username__startswith="takerX").values_list("username", "id"))
    keys = [f"ap_bench_{n}_{random.randrange(10**12)}" for n in numbers]
    ApiToken.objects.bulk_create(ApiToken(user_id=users[f"taker{n}"], name="bench", prefix=k[:8],
                                          key_hash=hashlib.sha256(k.encode()).hexdigest())
                                 for n, k in zip(numbers, keys, strict=True))
    questions = Question.objects.bulk_create(Question(code=f"bq{i}", topic="业务知识", difficulty=1, kind="single",
                                                      status="ready") for i in range(3 * QUESTIONS))
    ids = list(Question.objects.filter(code__startswith="bq").values_list("id", flat=True))
    QuestionVersion.objects.bulk_create(QuestionVersion(question_id=q, number=1, text=f"题目{q}",
                                                        options=["甲", "乙", "丙", "丁"], answer_key=["A"])
                                        for q in ids)
    now = timezone.now()
    owner = User.objects.create(username="bench-trainer", role="trainer")
    warm_key = f"ap_bench_warm_{random.randrange(10**12)}"
    ApiToken.objects.create(user=owner, name="warm-up", prefix=warm_key[:8],
                            key_hash=hashlib.sha256(warm_key.encode()).hexdigest())
    exam = Exam.objects.create(code="exam-day", title="考试日基准", owner=owner, time_limit_minutes=180,
                               opens_at=now - datetime.timedelta(minutes=5), closes_at=now + datetime.timedelta(days=1))
    exam.audience_teams.set(Team.objects.filter(center__code="exam"))
    BlueprintCell.objects.create(exam=exam, topic="业务知识", difficulty=1, count=QUESTIONS)
    schedule_exam(exam, seed=2026)
    assert len(questions) == 3 * QUESTIONS
    return exam.pk, keys, warm_key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int):
    """gunicorn as in production, on loopback: gthread workers (a thread waiting for PostgreSQL's commit lets
    the others run), database connections kept open (CONN_MAX_AGE) instead of one new connection per request."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 50,
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback
           "CONN_MAX_AGE": "600"}
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "agentpath.wsgi", "-b", f"127.0.0.1:{port}",
                               "-w", str(workers), "-k", "gthread", "--threads", str(threads), "--backlog", "4096",
                               "--worker-connections", "4000", "--log-level", "warning"],
                              env=env, start_new_session=True)
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def warm_up(port: int, key: str, connections: int) -> None:
    """The server has been up before the exam starts: every worker thread has loaded the URLs and opened its
    database connection (a trainer lists exams, as many requests at once as there are threads, a few times)."""
    client = HTTPClient("127.0.0.1", port, concurrency=connections, network_timeout=120, connection_timeout=120)
    for _ in range(3):
        jobs = [gevent.spawn(client.get, "/api/v1/exams", headers={"Authorization": f"Bearer {key}"})
                for _ in range(connections)]
        gevent.joinall(jobs)
        for job in jobs:
            if job.value is None or job.value.status_code != 200:
                raise SystemExit(f"warm-up failed: {job.exception or job.value.status_code}")
            job.value.read()
    client.close()


def cpu_seconds(roots: list[psutil.Process]) -> float:
    """User + system CPU of these processes and their descendants alive now."""
    total = 0.0
    for root in roots:
        for proc in [root, *root.children(recursive=True)]:
            try:
                t = proc.cpu_times()
                total += t.user + t.system
            except psutil.Error:
                pass
    return total


def postmaster(database_url: str) -> list[psutil.Process]:
    """The throwaway cluster's postmaster (its command line names the port); none for a DATABASE_URL elsewhere."""
    port = database_url.rsplit(":", 1)[-1].split("/")[0]
    return [p for p in psutil.process_iter(["cmdline"])
            if p.info["cmdline"] and p.info["cmdline"][0].endswith("postgres") and f"port={port}" in
            " ".join(p.info["cmdline"])]


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (exact, not locust's rounded buckets)."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(p * len(ordered)) - 1)], 1)


def run_load(base_url: str, exam_id: int, keys: list[str], think: tuple[float, float], on_start=None) -> dict:
    takers = len(keys)
    acknowledged, first_question, pending, finished, failures = {}, [], list(keys), [], []
    times: dict[str, list[float]] = {"start": [], "save": [], "submit": []}
    go, start_at = gevent.event.Event(), [0.0]

    def fail(what: str) -> None:
        failures.append(what)

    class Taker(FastHttpUser):
        host = base_url
        wait_time = constant(0)

        @task
        def sit(self):
            key = pending.pop()
            auth = {"Authorization": f"Bearer {key}"}
            go.wait()
            gevent.sleep(max(0.0, start_at[0] - time.time()))
            try:
                self.take(auth)
            except StopUser:
                raise
            except Exception as exc:  # a client-side failure is an error too, never silently a shorter run
                fail(f"client {type(exc).__name__}: {exc}")
            raise StopUser()

        def post(self, name: str, path: str, auth: dict, body: dict):
            with self.client.post(path, json=body, headers=auth, name=name, catch_response=True) as r:
                times[name].append(r.request_meta["response_time"])
                if r.status_code != 200:
                    r.failure(f"{name} {r.status_code} {r.error or ''}")
                    fail(f"{name} {r.status_code}")
                    return None
                return r.json()

        def take(self, auth: dict):
            attempt = self.post("start", f"/api/v1/exams/{exam_id}/attempts", auth, {})
            if attempt is None or len(attempt["questions"]) != QUESTIONS:
                if attempt is not None:
                    fail(f"start: {len(attempt['questions'])} questions")
                return
            first_question.append(time.time() - start_at[0])
            for q in attempt["questions"]:
                gevent.sleep(random.uniform(*think))
                answer = [random.choice("ABCD")]
                saved = self.post("save", f"/api/v1/exams/attempts/{attempt['id']}/answers", auth,
                                  {"position": q["position"], "answer": answer})
                if saved is not None:
                    if saved["answer"] != answer:
                        fail(f"save acknowledged {saved['answer']} for {answer}")
                    acknowledged[(attempt["id"], q["position"])] = saved["answer"]
            if self.post("submit", f"/api/v1/exams/attempts/{attempt['id']}/submit", auth, {}) is not None:
                finished.append(attempt["id"])

    def spawned(user_count, **_kw):
        start_at[0] = time.time() + 2  # the synchronized start: every taker is spawned and waiting
        if on_start:
            on_start()
        go.set()

    env = Environment(user_classes=[Taker], events=events)
    env.events.spawning_complete.add_listener(spawned)
    runner = env.create_local_runner()
    runner.start(takers, spawn_rate=takers)
    deadline = time.time() + QUESTIONS * think[1] + 900
    gevent.sleep(2)
    while time.time() < deadline and runner.user_count:
        gevent.sleep(1)
    runner.quit()
    exceptions = sum(e["count"] for e in runner.exceptions.values())
    unfinished = takers - len(finished)
    for what, count in sorted(count_by(failures).items()):
        print(f"error: {what} × {count}", file=sys.stderr)
    if unfinished:
        print(f"error: {unfinished} taker(s) did not finish", file=sys.stderr)
    return {"acknowledged": acknowledged, "first_question": first_question, "times": times,
            "errors": len(failures) + exceptions + unfinished}


def count_by(items: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def durability() -> dict:
    from django.db import connection

    with connection.cursor() as c:
        settings = {}
        for name in ("fsync", "synchronous_commit", "full_page_writes", "max_connections", "shared_buffers"):
            c.execute(f"SHOW {name}")
            settings[name] = c.fetchone()[0]
    return settings


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="50 takers, think time 0.5–1.5 s")
    parser.add_argument("--takers", type=int)
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN", "MAX"), help="think time in seconds")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default: one per core)")
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    args = parser.parse_args()
    takers = args.takers or (50 if args.small else 2000)
    think = tuple(args.think) if args.think else ((0.5, 1.5) if args.small else (30.0, 90.0))
    load_before = load_average()
    with database(durable=True, max_connections=max(100, args.workers * args.threads + 20)) as url:
        setup_django()
        pg = durability()
        print("PostgreSQL:", ", ".join(f"{k}={v}" for k, v in pg.items()), flush=True)
        exam_id, keys, warm_key = build(takers)
        from django.db import connections

        connections.close_all()
        port = free_port()
        server = start_server(port, args.workers, args.threads)
        roots = {"server": [psutil.Process(server.pid)], "postgres": postmaster(url), "client": [psutil.Process()]}
        cpu = {}
        try:
            warm_up(port, warm_key, args.workers * args.threads)
            began = time.time()

            def mark_start():
                cpu.update({name: -cpu_seconds(procs) for name, procs in roots.items()})
                cpu["wall"] = -time.time()

            result = run_load(f"http://127.0.0.1:{port}", exam_id, keys, think, on_start=mark_start)
            cpu.update({name: cpu[name] + cpu_seconds(procs) for name, procs in roots.items()})
            cpu["wall"] += time.time()
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
        from agentpath.exams.drawing import to_shown_letters
        from agentpath.exams.models import Answer

        # answers are stored in the question's letters; the API acknowledges the letters the paper showed
        stored = {(a, p): to_shown_letters(r, order) for a, p, r, order in Answer.objects.values_list(
            "attempt_id", "item__position", "response", "item__option_order")}
        lost = sum(1 for k, v in result["acknowledged"].items() if stored.get(k) != v)
    load_after = load_average()
    started = result["first_question"]
    start_all_s = round(max(started), 2) if len(started) == takers else None
    pct = {name: {p: percentile(values, p) for p in (0.5, 0.95, 0.99)} for name, values in result["times"].items()}
    for name, values in pct.items():
        print(f"{name:7s} n {len(result['times'][name]):6d}  p50 {values[0.5]} ms  p95 {values[0.95]} ms  "
              f"p99 {values[0.99]} ms  max {max(result['times'][name], default=None)} ms")
    print(f"takers {takers}, think {think[0]}–{think[1]} s, gunicorn {args.workers} × {args.threads} threads; "
          f"started {len(started)}, all started after {start_all_s} s; errors {result['errors']}; "
          f"answers acknowledged {len(result['acknowledged'])}, lost {lost}; {time.time() - began:.0f} s; "
          f"load average {load_before} before, {load_after} after")
    requests = sum(len(v) for v in result["times"].values())
    print(f"CPU during the run ({cpu['wall']:.0f} s wall, {requests} requests): gunicorn {cpu['server']:.1f} s, "
          f"PostgreSQL {cpu['postgres']:.1f} s, locust {cpu['client']:.1f} s; "
          f"{1000 * (cpu['server'] + cpu['postgres']) / max(requests, 1):.1f} ms server + database CPU per request; "
          f"our processes used {(cpu['server'] + cpu['postgres'] + cpu['client']) / cpu['wall']:.2f} of 2 cores")
    durable = pg["fsync"] == "on" and pg["synchronous_commit"] == "on"
    figures = {"takers": takers, "errors": result["errors"], "lost_answers": lost, "start_all_s": start_all_s,
               "start_p95_ms": pct["start"][0.95], "save_p95_ms": pct["save"][0.95],
               "save_p99_ms": pct["save"][0.99], "submit_p95_ms": pct["submit"][0.95],
               "start_p50_ms": pct["start"][0.5], "save_p50_ms": pct["save"][0.5],
               "submit_p50_ms": pct["submit"][0.5], "start_p99_ms": pct["start"][0.99],
               "submit_p99_ms": pct["submit"][0.99], "answers_acknowledged": len(result["acknowledged"]),
               "think_s": list(think), "workers": args.workers, "threads": args.threads, "durable": durable,
               "load_before": load_before, "load_after": load_after,
               "cpu_s": {k: round(v, 1) for k, v in cpu.items()}}
    finish(figures, missed_targets(figures, takers))


def missed_targets(figures: dict, takers: int) -> list[str]:
    """The targets this run missed. A run on a database that does not survive a crash proves nothing about
    lost answers, so a database that was not durable is a miss too."""
    missed = []
    if not figures["durable"]:
        missed.append("the database was not durable (fsync and synchronous_commit must be on)")
    if figures["errors"]:
        missed.append(f"errors {figures['errors']} ≠ 0")
    if figures["lost_answers"]:
        missed.append(f"lost answers {figures['lost_answers']} ≠ 0")
    if figures["start_all_s"] is None or figures["start_all_s"] > 30:
        missed.append(f"all started after {figures['start_all_s']} s (target ≤ 30 s, every taker)")
    if figures["save_p95_ms"] is None or figures["save_p95_ms"] >= 300:
        missed.append(f"save p95 {figures['save_p95_ms']} ms ≥ 300 ms")
    if figures["answers_acknowledged"] != takers * QUESTIONS:
        missed.append(f"answers acknowledged {figures['answers_acknowledged']} ≠ {takers * QUESTIONS}")
    return missed


if __name__ == "__main__":
    main()
