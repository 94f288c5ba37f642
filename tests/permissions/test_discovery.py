"""The matrix is complete: every page, POST action, admin model, admin URL, admin action and API operation that
exists has an entry in matrix.py, and every entry still exists. A newcomer fails here, by name."""
import pytest
from django.contrib import admin
from django.contrib.sessions.models import Session

from agentpath.accounts.models import Role

from .matrix import ADMIN_MODELS, ADMIN_SITE, API, API_BODIES, PAGES, POSTS, ROLES, TARGETS, Page, everyone
from .support import (
    admin_actions,
    admin_models,
    admin_url_kinds,
    admin_url_names,
    api_operations,
    client_as,
    csrf_secret,
    outcome,
    page_names,
    url_for,
)

pytestmark = pytest.mark.django_db
WHERE = "in tests/permissions/matrix.py"


def unlisted(found, listed):
    return sorted(set(found) - set(listed)), sorted(set(listed) - set(found))


def test_every_page_has_an_entry():
    missing, stale = unlisted(page_names(), PAGES)
    assert missing == [], f"pages without an entry in PAGES {WHERE}: {missing}"
    assert stale == [], f"PAGES entries for URL names that no longer exist: {stale}"
    assert set(POSTS) <= set(PAGES), f"POSTS entries for URL names that no longer exist: {set(POSTS) - set(PAGES)}"


def prober(page):
    """A role that may open the page (so a POST is not stopped by scope before the view shows whether it
    accepts POST), and the first target."""
    target = TARGETS[page.kind][0] if page.kind else None
    for role in (Role.HR_ADMIN, Role.CENTER_MANAGER, Role.QA, Role.TRAINER, Role.TEAM_LEADER, Role.AGENT):
        if page.rule(role, target) == 200:
            return role, target
    return Role.HR_ADMIN, target


def posts_without_entry(d, pages):
    """Pages (not in POSTS) that answer POST other than 405, as 'name (POST as role: outcome)'."""
    found = []
    for name, page in pages.items():
        if name in POSTS:
            continue
        role, target = prober(page)
        client = client_as(d, role)
        url = url_for(name, d, page.kind, target)
        answer = outcome(client.post(url, {"csrfmiddlewaretoken": csrf_secret(client)}))
        if answer != 405:
            found.append(f"{name} (POST as {role}: {answer})")
    return found


def test_every_page_that_accepts_post_has_an_entry(d):
    """A page that is not in POSTS must refuse POST (405), so no form or action goes unchecked."""
    unlisted_posts = posts_without_entry(d, PAGES)
    assert unlisted_posts == [], (
        f"pages that accept POST without an entry in POSTS {WHERE} (add one, or put @require_safe on a GET-only "
        f"view): {unlisted_posts}")


def test_a_new_page_and_its_form_without_entries_fail_the_matrix(d, settings):
    settings.ROOT_URLCONF = "tests.permissions.urls_with_newcomers"

    assert unlisted(page_names(), PAGES)[0] == ["newcomer"]
    assert posts_without_entry(d, {"newcomer": Page(everyone())}) == ["newcomer (POST as hr_admin: 200)"]


def test_every_admin_model_has_an_entry():
    missing, stale = unlisted(admin_models(), ADMIN_MODELS)
    assert missing == [], f"admin models without an entry in ADMIN_MODELS {WHERE}: {missing}"
    assert stale == [], f"ADMIN_MODELS entries for models no longer in the admin: {stale}"


def test_a_model_registered_in_the_admin_without_an_entry_fails_the_matrix():
    admin.site.register(Session)
    try:
        missing, _stale = unlisted(admin_models(), ADMIN_MODELS)
    finally:
        admin.site.unregister(Session)
    assert missing == ["sessions.session"]


def test_every_admin_url_has_an_entry():
    """Model URLs are checked through ADMIN_MODELS; any other admin URL (the site's own, a custom view added
    by a ModelAdmin's get_urls) needs an entry in ADMIN_SITE."""
    missing, stale = unlisted(admin_url_names() - set(admin_url_kinds()), ADMIN_SITE)
    assert missing == [], f"admin URLs without an entry in ADMIN_SITE {WHERE}: {missing}"
    assert stale == [], f"ADMIN_SITE entries for admin URLs that no longer exist: {stale}"


def test_every_admin_action_has_an_entry(d):
    hr = d.users[Role.HR_ADMIN]
    wrong = {label: sorted(admin_actions(model_admin, hr)) for label, (_m, model_admin) in admin_models().items()
             if label in ADMIN_MODELS and admin_actions(model_admin, hr) != set(ADMIN_MODELS[label].actions)}
    assert wrong == {}, f"admin actions HR is offered that differ from ADMIN_MODELS[...].actions {WHERE}: {wrong}"


def test_every_api_operation_has_an_entry():
    missing, stale = unlisted(api_operations(), API)
    assert missing == [], f"API operations without an entry in API {WHERE}: {missing}"
    assert stale == [], f"API entries for operations that no longer exist: {stale}"
    bodiless = sorted(path for method, path in API if method != "get" and path not in API_BODIES)
    assert bodiless == [], f"API operations that send a body without one in API_BODIES {WHERE}: {bodiless}"


def test_the_matrix_covers_every_role():
    assert set(ROLES) == {"anonymous", *Role.values}
