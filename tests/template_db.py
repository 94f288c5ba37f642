"""The migrated test database, built once per pytest-xdist run and copied by every worker instead of migrating
again (a migration of the 29 apps costs about 15 s of CPU on SQLite, more on PostgreSQL, per worker).

The first worker to take the run's lock migrates its test database as usual, loads the default framework, and
leaves a copy: a SQLite file (through SQLite's backup API) or a PostgreSQL database (CREATE DATABASE … TEMPLATE).
Every other worker waits for the lock, then creates its test database from that copy (SQLite: the backup API
into its in-memory database; PostgreSQL: CREATE DATABASE … TEMPLATE) and runs no migration. A run without
xdist migrates as before."""
import fcntl
import os
import shutil
import sqlite3
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import setup_databases

from agentpath.careers.services import load_framework


class TemplateDatabase:
    def __init__(self, folder: Path, run_id: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.lock_path = folder / "test-db-template.lock"
        self.ready_path = folder / "test-db-template.ready"
        self.sqlite_path = folder / "test-db-template.sqlite3"
        self.pg_name = f"test_template_{run_id[:12]}"
        self.lock_file = None

    def setup_databases(self, verbosity: int, keepdb: bool):
        """Django's setup_databases for the default database: from the run's copy when it is there (no
        migration), else migrated, with the framework loaded, and copied for the other workers."""
        self.lock_file = open(self.lock_path, "w")  # noqa: SIM115 (held until the copy exists)
        try:
            fcntl.flock(self.lock_file, fcntl.LOCK_EX)
            if connection.vendor == "sqlite" and not connection.creation.is_in_memory_db(
                    connection.creation._get_test_db_name()):
                # Django removes an old test database file but not its -wal and -shm files, which a crashed run
                # leaves behind: the new database would then read them ("disk I/O error")
                remove_sqlite_file(connection.creation._get_test_db_name())
            if self.ready_path.exists():
                creation = connection.creation
                migrating = creation.create_test_db
                creation.create_test_db = self._create_from_copy
                try:
                    return setup_databases(verbosity=verbosity, interactive=False, aliases={"default"},
                                           serialized_aliases=set(), keepdb=keepdb)
                finally:
                    creation.create_test_db = migrating
            config = setup_databases(verbosity=verbosity, interactive=False, aliases={"default"},
                                     serialized_aliases=set(), keepdb=keepdb)
            load_framework("cola")
            self._leave_copy()
            self.ready_path.write_text(connection.vendor)
            return config
        finally:
            fcntl.flock(self.lock_file, fcntl.LOCK_UN)
            self.lock_file.close()

    def _create_from_copy(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        creation = connection.creation
        name = creation._get_test_db_name()
        in_memory = connection.vendor == "sqlite" and creation.is_in_memory_db(name)
        if connection.vendor == "postgresql":
            connection.settings_dict["TEST"]["TEMPLATE"] = self.pg_name
            creation._create_test_db(verbosity, autoclobber=True, keepdb=keepdb)
        elif not in_memory:  # a file per worker (pytest-django names it after the settings' file)
            remove_sqlite_file(name)
            shutil.copyfile(self.sqlite_path, name)
        connection.close()
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        connection.ensure_connection()
        if in_memory:
            source = sqlite3.connect(self.sqlite_path)
            source.backup(connection.connection)
            source.close()
        return name

    def _leave_copy(self) -> None:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(self.sqlite_path)
            connection.connection.backup(target)
            # the test database says WAL (settings' init_command); a copy that says so cannot be restored into
            # an in-memory database ("disk I/O error")
            target.execute("PRAGMA journal_mode=DELETE")
            target.close()
        elif connection.vendor == "postgresql":
            name = connection.settings_dict["NAME"]
            connection.close()
            quote = connection.ops.quote_name
            with connection.creation._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {quote(self.pg_name)}")
                cursor.execute(f"CREATE DATABASE {quote(self.pg_name)} TEMPLATE {quote(name)}")
        else:
            raise NotImplementedError(f"no test database copy for {connection.vendor}")


def remove_sqlite_file(name: str) -> None:
    for path in (name, f"{name}-wal", f"{name}-shm"):
        if os.path.exists(path):
            os.remove(path)
