"""Every page (GET) and every form and action (POST, with a valid CSRF token) for every role."""
import pytest
from django.urls import reverse

from agentpath.accounts.models import Role
from agentpath.org.models import Employee

from .matrix import PAGES, POSTS, ROLE_WALKS, TARGETS
from .support import CSRF_REFUSED, client_as, csrf_secret, csrf_token, outcome, url_for

pytestmark = pytest.mark.django_db


def targets_of(entry):
    return TARGETS[entry.kind] if entry.kind else [None]


@pytest.mark.parametrize("role", ROLE_WALKS)
def test_pages_answer_each_role_as_the_matrix_says(d, role):
    client = client_as(d, role)
    failures = []
    for name, page in PAGES.items():
        for target in targets_of(page):
            got, want = outcome(client.get(url_for(name, d, page.kind, target))), page.rule(role, target)
            if got != want:
                failures.append((name, target, got, want))
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("role", ROLE_WALKS)
def test_forms_and_actions_answer_each_role_as_the_matrix_says(d, role):
    failures = []
    for name, post in POSTS.items():
        for target in targets_of(post):
            client = client_as(d, role)  # afresh: signing in or out changes the session and the token
            url = url_for(name, d, post.kind, target)
            data = {**post.data(d), "csrfmiddlewaretoken": csrf_secret(client)}
            got, want = outcome(client.post(url, data)), post.rule(role, target)
            if got != want:
                failures.append((name, target, got, want))
    assert failures == [], "\n".join(map(str, failures))


def test_a_post_without_csrf_token_is_refused(d):
    client = client_as(d, Role.HR_ADMIN)
    client.get(reverse("org:roster-import"))  # the CSRF cookie is set; the form's token is not sent

    response = client.post(reverse("org:roster-import"), {"file": d.roster_upload()})

    assert response.status_code == 403 and outcome(response) == CSRF_REFUSED
    assert not Employee.objects.filter(employee_no="N9001").exists()


def test_the_same_post_with_the_token_imports(d):
    client = client_as(d, Role.HR_ADMIN)
    token = csrf_token(client, reverse("org:roster-import"))

    response = client.post(reverse("org:roster-import"), {"file": d.roster_upload(), "csrfmiddlewaretoken": token})

    assert response.status_code == 200 and Employee.objects.filter(employee_no="N9001").exists()
