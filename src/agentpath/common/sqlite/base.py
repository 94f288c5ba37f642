"""Django's SQLite backend that makes the folder of the database file when it first opens it, so that reading
the settings touches no disk and a fresh checkout's `agentpath migrate` still finds somewhere to write."""
from pathlib import Path

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        if not self.is_in_memory_db():
            Path(conn_params["database"]).parent.mkdir(parents=True, exist_ok=True)
        return super().get_new_connection(conn_params)
