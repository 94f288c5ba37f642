"""Reading the settings touches no disk; the SQLite file's folder is made when the database is first opened."""
import os
import subprocess
import sys

CODE = """
import django
from pathlib import Path
django.setup()
from django.conf import settings
print(Path(settings.DATABASES["default"]["NAME"]).parent.exists())
from django.db import connection
connection.ensure_connection()
print(Path(settings.DATABASES["default"]["NAME"]).exists())
"""


def test_the_settings_make_no_folder_and_the_first_connection_makes_the_sqlite_files_folder(tmp_path):
    var = tmp_path / "not-yet" / "var"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"AGENTPATH_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "agentpath.settings"})
    done = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "True"]
    assert (var / "agentpath.sqlite3").is_file()
