"""The same refusal answers the same status on the page and through the API (issue 17): for each action that has
both a form and an API operation, every role the API refuses (403: not theirs to do; 404: not there for them) is
refused by the page with that status too, and a 403 page says why in the API's words."""
import pytest
from django.utils.html import escape

from agentpath.accounts.models import Role

from .matrix import API, POSTS, ROLES
from .support import client_as, csrf_secret, outcome, url_for
from .test_api import call

pytestmark = pytest.mark.django_db

# (page form, API operation, the target both name or None): one action each, the API's body from API_BODIES and the
# form's fields from POSTS
ALIKE = [
    ("org:roster-import", ("post", "/api/v1/roster/import"), None),
    ("performance:import", ("post", "/api/v1/kpi/records"), None),
    ("exams:question-import", ("post", "/api/v1/exams/questions/import"), None),
    ("exams:exam-create", ("post", "/api/v1/exams"), None),
    ("learning:import", ("post", "/api/v1/training/completions/import"), None),
    ("learning:differentiation", ("post", "/api/v1/training/differentiated/runs"), None),
    ("recognition:runs", ("post", "/api/v1/recognition/runs"), None),
    ("development:anchors-take", ("post", "/api/v1/development/anchors/answers"), None),
    ("learning:team-attendance", ("post", "/api/v1/training/attendance"), "sz-a"),
    ("talent:potential-person", ("post", "/api/v1/talent/employees/{employee_no}/potential"), "team"),
]
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def page_answer(d, role, name, target):
    post = POSTS[name]
    client = client_as(d, role)
    url = url_for(name, d, post.kind, target)
    return client.post(url, {**post.data(d), "csrfmiddlewaretoken": csrf_secret(client)})


def api_answer(d, role, operation, target):
    method, path = operation
    client = client_as(d, role)
    return call(client, d, method, path, API[operation].kind, target, csrf_secret(client))


@pytest.mark.parametrize("name,operation,target", ALIKE, ids=[a[0] for a in ALIKE])
def test_a_role_the_api_refuses_is_refused_by_the_page_with_the_same_status(d, name, operation, target):
    refused = []
    for role in SIGNED_IN:
        api = api_answer(d, role, operation, target)
        if api.status_code not in (403, 404):
            continue
        page = page_answer(d, role, name, target)
        refused.append((role, outcome(page), api.status_code))
    assert refused, "the API refuses nobody here: the pair tests nothing"
    assert [(role, page) for role, page, _api in refused] == [(role, api) for role, _page, api in refused]


@pytest.mark.parametrize("name,operation", [
    ("org:roster-import", ("post", "/api/v1/roster/import")),
    ("performance:import", ("post", "/api/v1/kpi/records")),
    ("recognition:runs", ("post", "/api/v1/recognition/runs")),
])
def test_an_agent_refused_an_import_or_a_run_reads_the_api_s_reason_on_the_page(d, name, operation):
    api = api_answer(d, Role.AGENT, operation, None)
    page = page_answer(d, Role.AGENT, name, None)

    assert api.status_code == page.status_code == 403
    assert api.json()["code"] == "forbidden"
    assert escape(api.json()["message"]) in page.content.decode()
