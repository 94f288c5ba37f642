"""On SQLite (the `make run` default) parallel writers queue for the lock instead of failing."""
import json
import os
import subprocess
import sys
import textwrap

# Twenty threads, each with its own connection, each a transaction that reads and then writes: the shape of
# a KPI post or an import (look up, then store). Deferred transactions fail with "database is locked".
WRITERS = textwrap.dedent("""
    import json, threading, time
    import django
    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as c:
        c.execute("CREATE TABLE IF NOT EXISTS posts (id integer primary key, n integer)")
    connection.close()
    errors = []

    def post(i):
        try:
            with transaction.atomic(), connection.cursor() as c:
                c.execute("SELECT COUNT(*) FROM posts")
                time.sleep(0.02)
                c.execute("INSERT INTO posts (n) VALUES (%s)", [i])
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with connection.cursor() as c:
        c.execute("SELECT COUNT(*) FROM posts")
        print(json.dumps({"errors": errors, "rows": c.fetchone()[0]}))
""")


# Its own SQLite file (the default of make run) whatever the suite runs on: it runs in either suite.
def test_twenty_parallel_writers_on_a_sqlite_file_all_succeed(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "agentpath.settings", "AGENTPATH_VAR_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", WRITERS], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"errors": [], "rows": 20}
