"""An empty database of the engine the suite runs on, beside the test database: on SQLite a fresh file, on
PostgreSQL a fresh database on the same server. Given to a subprocess as a URL (the operations walkthrough), or
to this process as a connection alias (migrations run forwards and backwards on it: starting from nothing, only
the migrations a target needs are applied, where the migrated test database would have to undo every later
migration of every app first)."""
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import psycopg
from django.db import connections

SCRATCH = "scratch"


@contextmanager
def empty_database_url(folder) -> Iterator[str]:
    """The URL of an empty database of the suite's engine (DATABASE_URL), dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{folder / f'scratch-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    parts = urlsplit(url)
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_connection(folder) -> Iterator[str]:
    """An empty database of the suite's engine as the connection alias SCRATCH, removed afterwards."""
    with empty_database_url(folder) as url:
        raw = {**dj_database_url.parse(url), "ENGINE": connections["default"].settings_dict["ENGINE"]}
        connections.settings[SCRATCH] = connections.configure_settings({"default": raw})["default"]
        try:
            yield SCRATCH
        finally:
            connections[SCRATCH].close()
            del connections[SCRATCH]
            del connections.settings[SCRATCH]
