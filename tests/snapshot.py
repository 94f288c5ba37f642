"""The test database as the session's set-up left it (migrated, the default framework loaded), kept once per test
process and put back after every transactional test, whose flush empties every table. The next test starts from
the same data as the first one did, without loading the framework again (about 1.3 s of CPU each time).

SQLite (an in-memory test database): a copy through SQLite's backup API, both ways. PostgreSQL: the rows of
every table that had any, copied into a schema of their own; put back by emptying the tables and copying the
rows in again, in one transaction (foreign keys are checked at its end)."""
import sqlite3

from django.db import connection, transaction

SCHEMA = "test_snapshot"


class Snapshot:
    def __init__(self, schema: str = SCHEMA) -> None:
        self.schema = schema  # PostgreSQL: the schema the rows are copied into
        self.copy: sqlite3.Connection | None = None
        self.tables: list[str] = []
        self.kept: list[str] = []

    def take(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.copy = sqlite3.connect(":memory:")
            connection.connection.backup(self.copy)
            return
        quote = connection.ops.quote_name
        self.tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {self.schema}")
            for table in self.tables:
                cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")
                if cursor.fetchone()[0]:
                    cursor.execute(f"CREATE TABLE {self.schema}.{quote(table)} AS SELECT * FROM {quote(table)}")
                    self.kept.append(table)

    def restore(self) -> None:
        connection.ensure_connection()
        if self.copy is not None:
            self.copy.backup(connection.connection)
            return
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in self.tables)}")
            for table in self.kept:
                cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {self.schema}.{quote(table)}")
            # The id sequences are left where they are (TRUNCATE does not restart them): past every id put back.
            # No test migrates the test database back and forth (tests/org/migrating.py uses a database of its
            # own), which would create tables again with their sequences at 1.


    def sqlite_file(self, path) -> bool:
        """Write the snapshot to a SQLite file at path (for a server in a subprocess); False when the session's
        database is not SQLite."""
        if self.copy is None:
            return False
        with sqlite3.connect(path) as target:
            self.copy.backup(target)
        target.close()
        return True


def flushes(item) -> bool:
    """Whether pytest-django ran the test as a TransactionTestCase, which flushes every table afterwards (the
    rule of pytest_django.fixtures._django_db_helper)."""
    marker = item.get_closest_marker("django_db")
    marked = marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    return bool(marked) or bool({"transactional_db", "live_server", "django_db_reset_sequences"}
                                & set(item.fixturenames))
