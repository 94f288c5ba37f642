"""The production set-up of docs/operations.md (the whole path runs in CI: `make test-production`)."""
import os
import subprocess
import sys


def test_collectstatic_with_production_settings_finds_every_file_it_is_pointed_to(tmp_path):
    env = {**os.environ, "AGENTPATH_ENV": "production", "SECRET_KEY": "x" * 64 + "production-secret-key-abc",
           "AGENTPATH_VAR_DIR": str(tmp_path), "STATIC_ROOT": str(tmp_path / "static")}
    env.pop("DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "agentpath.manage", "collectstatic", "--noinput"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "vendor/bootstrap.min.css" in manifest and "vendor/bootstrap.bundle.min.js.map" in manifest


def test_debug_is_on_without_agentpath_env_and_off_with_production(tmp_path):
    code = "from django.conf import settings; print(settings.DEBUG)"
    base = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "AGENTPATH_ENV")}
    base["AGENTPATH_VAR_DIR"] = str(tmp_path)
    development = subprocess.run([sys.executable, "-m", "agentpath.manage", "shell", "-v", "0", "-c", code],
                                 env=base, capture_output=True, text=True)
    production = subprocess.run([sys.executable, "-m", "agentpath.manage", "shell", "-v", "0", "-c", code],
                                env={**base, "AGENTPATH_ENV": "production", "SECRET_KEY": "y" * 60},
                                capture_output=True, text=True)
    assert (development.stdout.strip(), production.stdout.strip()) == ("True", "False")
