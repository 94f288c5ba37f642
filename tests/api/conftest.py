import pytest

from agentpath.accounts.models import ApiToken, Role


@pytest.fixture
def hr_bearer(org):
    """Headers for the test client carrying an HR integration's bearer token."""
    _, key = ApiToken.issue(org.users[Role.HR_ADMIN], "integration")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}
