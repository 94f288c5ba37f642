import pytest
from django.core import signals
from django.db import close_old_connections

from agentpath.accounts.models import ApiToken, Role
from agentpath.performance.services import load_default_scorecards


@pytest.fixture
def hr_bearer(org):
    """Headers for the test client carrying an HR integration's bearer token."""
    _, key = ApiToken.issue(org.users[Role.HR_ADMIN], "integration")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def served(org):
    """The org fixture with KPI metrics; the app called in-process inside the test's transaction."""
    load_default_scorecards()
    # Django's own test client unhooks these too: they would close the connection holding the test transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield org
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
