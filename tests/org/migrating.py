"""Running migrations forwards and backwards on an empty database of their own (tests/scratch_db.py): only the
migrations a target needs run, where the migrated test database would first undo every later migration of every
app. The historical models a migration state gives go to that database (ScratchRouter)."""
from django.apps import apps as installed_apps
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from tests.scratch_db import SCRATCH


class ScratchRouter:
    """Historical models (of a migration state, not of the installed apps) read and write the scratch database."""

    def db_for_read(self, model, **hints):
        return SCRATCH if model._meta.apps is not installed_apps else None

    db_for_write = db_for_read


def migrate(*targets: tuple[str, str]):
    """Migrates the scratch database to the targets (forwards or backwards); the models of that state."""
    executor = MigrationExecutor(connections[SCRATCH])
    executor.migrate(list(targets))
    executor.loader.build_graph()
    return executor.loader.project_state(list(targets)).apps


def agent_level(apps):
    """A level for people of the scratch database (the default framework is not loaded there)."""
    Framework, Track, Level = (apps.get_model("careers", name) for name in ("Framework", "Track", "Level"))
    framework = _create(Framework, code="cola", name="呼叫中心职业发展体系")
    track = _create(Track, framework=framework, code="mgmt", name="管理通道", kind="management")
    return _create(Level, track=track, code="mgmt-agent", name="客服代表", order=1, grade_min=7, grade_max=9)


def _create(model, **values):
    """A row with those of the values its model has in the state (careers 0002 gives tracks their framework and
    levels their track: org 0001's state comes before it)."""
    names = {field.name for field in model._meta.fields}
    return model.objects.create(**{name: value for name, value in values.items() if name in names})
