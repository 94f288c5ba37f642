import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client, TransactionTestCase
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
from django.utils import translation

from agentpath.careers.models import Framework
from agentpath.careers.services import load_framework
from agentpath.org.models import ExitReason
from agentpath.org.services import load_default_exit_reasons
from tests.factories import build_org
from tests.snapshot import Snapshot, flushes
from tests.template_db import TemplateDatabase

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


TESTS = Path(__file__).resolve().parent
# Folders whose tests do not depend on the database engine: CI runs them once, on SQLite (`make test`).
ENGINE_INDEPENDENT_FOLDERS = {"browser"}
# A test that asks for none of these (and has no django_db mark) cannot reach the database in this process.
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server", "django_db_setup"}


def engine_independent(item) -> bool:
    """Whether a test's outcome cannot depend on the database engine: it is under a folder of
    ENGINE_INDEPENDENT_FOLDERS, is marked engine_independent, or uses no database at all (pure Python, or a
    subprocess of its own) — unless it is marked engine_dependent (a subprocess that reads DATABASE_URL)."""
    if item.get_closest_marker("engine_dependent"):
        return False
    if item.get_closest_marker("engine_independent"):
        return True
    if Path(item.path).resolve().relative_to(TESTS).parts[0] in ENGINE_INDEPENDENT_FOLDERS:
        return True
    return item.get_closest_marker("django_db") is None and not DATABASE_FIXTURES & set(item.fixturenames)


def uses_no_database(item) -> bool:
    """Whether a test reaches no database, in this process or a subprocess (pure Python, files, a subprocess
    that does not read DATABASE_URL): .ci/run runs these in its PostgreSQL stage, which has less to do, and
    `make test` runs them too. The browser tests are not among them (their live server uses the database)."""
    return (not item.get_closest_marker("engine_dependent")
            and Path(item.path).resolve().relative_to(TESTS).parts[0] not in ENGINE_INDEPENDENT_FOLDERS
            and item.get_closest_marker("django_db") is None and not DATABASE_FIXTURES & set(item.fixturenames))


# The longest files first (their time in CI's junit reports, longest first), the others after them in their own
# order: pytest-xdist hands a file to whichever worker is free (--dist loadfile, --no-loadscope-reorder in the
# Makefile), so a long file started last would keep one worker busy while the other waits. Second and third, two
# long files that use no database: the worker that did not take the first file runs them while the first one
# migrates the test database (tests/template_db.py), instead of waiting for its copy.
LONGEST_FILES = ("api/test_openapi_fuzz.py", "common/test_spreadsheets.py", "accounts/test_production.py",
                 "test_operations_walkthrough.py", "permissions/test_admin.py", "permissions/test_pages.py",
                 "api/test_openapi_fuzz_session.py", "demo/test_demo.py", "browser/test_hostile_names.py",
                 "demo/test_demo_talent.py", "permissions/test_api.py", "browser/test_exams.py",
                 "browser/test_ui_polish.py", "api/test_batch_limits.py", "api/test_error_shape.py",
                 "common/test_import_limits.py", "performance/test_pages.py", "permissions/test_duties.py",
                 "org/test_roster_import.py", "learning/test_programs.py")


def pytest_collection_modifyitems(config, items):
    """The longest files first (LONGEST_FILES).
    Mark the engine-independent tests: the PostgreSQL stage of CI deselects them (-m "not engine_independent"),
    but for those that use no database (no_database), which CI runs there instead of in the SQLite stage.
    Give every test its own id: pytest 9 builds an id from the function's name and its parametrize() ids, so
    schemathesis' one test per API operation (named test[GET /api/v1/…], not parametrized) all had the same
    id, and pytest-xdist's --dist loadfile, which keeps one test per id, ran one operation of each."""
    rank = {name: i for i, name in enumerate(LONGEST_FILES)}
    items.sort(key=lambda item: rank.get(Path(item.path).resolve().relative_to(TESTS).as_posix(), len(rank)))
    for item in items:
        if engine_independent(item) and not item.get_closest_marker("engine_independent"):
            item.add_marker(pytest.mark.engine_independent)
        if uses_no_database(item):
            item.add_marker(pytest.mark.no_database)
        named_params = item.name.partition("[")[2].removesuffix("]")
        if named_params and item.id.params is None:
            item._id = item.id.with_params(named_params)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (zh-hans), whatever an earlier test of the worker activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings, request):
    """Tests create many users; a fast hasher keeps them quick (tests/accounts checks the real one)."""
    if "real_hasher" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _simple_tasks(settings):
    """Background tasks run at once in tests (the database backend needs a worker process)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def framework(db):
    """The default framework (loaded once per session, and put back after a transactional test's flush)."""
    assert Framework.objects.filter(code="cola").exists()
    if not ExitReason.objects.exists():  # the data migration's list, should a flush have taken it
        load_default_exit_reasons()


@pytest.fixture
def org(framework):
    """Two centers, three teams, each team with a leader and agents; one user per role.

    Returns a namespace: centers, teams, leaders, agents and users[role]."""
    return build_org()


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user."""

    def make(user):
        client.force_login(user)
        return client

    return make


SNAPSHOT = pytest.StashKey[tuple]()


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_modify_db_settings,
                    django_db_keepdb, tmp_path_factory):
    """The test database, migrated, with the default framework loaded; tests roll back to it, and a transactional
    test's flush is undone from a snapshot taken here (tests/snapshot.py). Under pytest-xdist one worker migrates
    and the others copy its database (tests/template_db.py). (pytest-django's own django_db_setup, replaced here,
    migrates in every worker.)"""
    verbosity = request.config.option.verbose
    workerinput = getattr(request.config, "workerinput", None)
    with django_db_blocker.unblock():
        if workerinput:
            template = TemplateDatabase(tmp_path_factory.getbasetemp().parent, workerinput["testrunuid"])
            databases = template.setup_databases(verbosity, keepdb=django_db_keepdb)
        else:
            databases = setup_databases(verbosity=verbosity, interactive=False, aliases={"default"},
                                        serialized_aliases=set(), keepdb=django_db_keepdb)
            load_framework("cola")
        snapshot = Snapshot()
        snapshot.take()
    request.config.stash[SNAPSHOT] = (snapshot, django_db_blocker)
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(databases, verbosity=verbosity)


@pytest.fixture
def migrated_sqlite_url(django_db_setup, tmp_path, request):
    """A SQLite database file for a server in a subprocess, migrated and with the default framework: a copy of the
    session's snapshot when the suite runs on SQLite, else migrated and loaded by the `agentpath` commands."""
    path = tmp_path / "migrated.sqlite3"
    snapshot, _blocker = request.config.stash[SNAPSHOT]
    if not snapshot.sqlite_file(path):
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "AGENTPATH_VAR_DIR": str(tmp_path)}
        agentpath = str(Path(sys.executable).parent / "agentpath")
        subprocess.run([agentpath, "migrate", "-v", "0"], env=env, check=True)
        subprocess.run([agentpath, "load-framework", "cola"], env=env, check=True, stdout=subprocess.DEVNULL)
    return f"sqlite:///{path}"


class _Flush:
    """Whether a transactional test's teardown empties the database (Django's flush: every table truncated, then
    the content types and permissions made again by post_migrate) or leaves that to the snapshot's restore, which
    empties every table and puts the session's rows back anyway (tests/snapshot.py). The restore follows every
    transactional test but the last of the process, whose database the session's teardown destroys (or keeps,
    with --reuse-db: then it is flushed as Django does)."""
    restore_follows = False
    django_flush = staticmethod(TransactionTestCase._fixture_teardown)


def _flush_unless_restored(test_case):
    if not _Flush.restore_follows:
        _Flush.django_flush(test_case)


TransactionTestCase._fixture_teardown = _flush_unless_restored


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test (its fixtures' teardown), put the session's data back for the next test (after
    the last one, the session's teardown has already destroyed the test database)."""
    restore = nextitem is not None and flushes(item) and SNAPSHOT in item.config.stash
    _Flush.restore_follows = restore
    try:
        result = yield
    finally:
        _Flush.restore_follows = False
    if restore:
        snapshot, blocker = item.config.stash[SNAPSHOT]
        with blocker.unblock():
            snapshot.restore()
    return result


class QueryCounts:
    """Query-count checks that catch a query per row (N+1), which a fixed cap over one measurement lets through."""

    @staticmethod
    def of(action) -> int:
        """The number of queries `action()` sends to the default database."""
        with CaptureQueriesContext(connection) as captured:
            action()
        return len(captured)

    @staticmethod
    def page(client, url: str, **headers):
        """A measure: GET url with the client, which must answer 200 (an error page measures nothing)."""

        def get():
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    def do_not_grow(self, *measures, grow, warm: bool = True) -> list[int] | int:
        """Count each measure() (after one run to warm the caches when `warm`), grow() the data (not counted), count
        each again: fails when a second count is larger. Returns the first count (a list for several measures)."""
        if warm:
            for measure in measures:
                measure()
        small = [self.of(measure) for measure in measures]
        grow()
        large = [self.of(measure) for measure in measures]
        grew = [f"measure {n + 1}: {a} queries before the data grew, {b} after"
                for n, (a, b) in enumerate(zip(small, large, strict=True)) if b > a]
        assert not grew, "a query per row (N+1): " + "; ".join(grew)
        return small if len(measures) > 1 else small[0]

    def same_at_two_sizes(self, small, large) -> int:
        """Count small() and then large(), the same action on a small and a large input (two files of different
        lengths, say): fails when the large one takes more queries. Returns the count."""
        at_small, at_large = self.of(small), self.of(large)
        assert at_large <= at_small, f"{at_small} queries at the small size, {at_large} at the large: a query per row"
        return at_small


@pytest.fixture
def queries():
    """queries.do_not_grow(*measures, grow=), queries.same_at_two_sizes(small, large), queries.of(action), and
    queries.page(client, url) as the measure of a page."""
    return QueryCounts()


@pytest.fixture
def csrf_client():
    """A test client that checks CSRF as a real server does (Django's default test client skips the check)."""
    return Client(enforce_csrf_checks=True)
