"""Every admin page (each registered model's list, add, change, history, delete and version pages, and the
site's own pages) and every admin form and action, for every role. The admin is HR's (accounts.models.User:
only HR admins and superusers are staff); everybody else is sent to the admin's sign-in and changes nothing."""
from collections import defaultdict

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.urls import reverse

from agentpath.accounts.models import Role

from .matrix import ADMIN_LOGIN, ADMIN_MODELS, ADMIN_SITE, ROLE_WALKS
from .support import admin_models, admin_url_kinds, client_as, csrf_token, form_fields, outcome

# Django's admin pages over our models: what they answer each role does not depend on the engine, and their
# queries are the ORM's own (list, change form, delete confirmation); CI runs them once, on SQLite.
pytestmark = [pytest.mark.django_db, pytest.mark.engine_independent]
HR = Role.HR_ADMIN


@pytest.fixture(autouse=True)
def _task_results_from_the_database_backend(settings):
    """The task-result rows in the admin are the database backend's (tests run tasks at once otherwise)."""
    settings.TASKS = {**settings.TASKS, "database": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def kinds_by_model():
    kinds = defaultdict(set)
    for label, kind in admin_url_kinds().values():
        kinds[label].add(kind)
    return kinds


def admin_url(model, kind, obj):
    if kind in ("changelist", "add"):
        args = []
    elif kind == "simple_history":  # one historical version of the row
        args = [obj.pk, obj.history.values_list("history_id", flat=True).first()]
    else:
        args = [obj.pk]
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{kind}", args=args)


def hr_answer_to_get(entry, kind):
    if kind == "add":
        return entry.add
    if kind == "delete":
        return 200 if entry.delete == 302 else entry.delete
    return 200


@pytest.mark.parametrize("role", ROLE_WALKS)
def test_admin_pages_answer_each_role_as_the_matrix_says(d, role):
    client = client_as(d, role)
    models, failures = admin_models(), []
    for label, kinds in sorted(kinds_by_model().items()):
        if label not in ADMIN_MODELS:
            continue  # test_discovery names it
        model, entry = models[label][0], ADMIN_MODELS[label]
        for kind in sorted(kinds):
            got = outcome(client.get(admin_url(model, kind, entry.obj(d))))
            want = hr_answer_to_get(entry, kind) if role == HR else ADMIN_LOGIN
            if got != want:
                failures.append((label, kind, got, want))
    for name, page in ADMIN_SITE.items():
        got, want = outcome(client.get(page.url(d))), page.hr if role == HR else page.others
        if got != want:
            failures.append((name, "site", got, want))
    assert failures == [], "\n".join(map(str, failures))


def admin_posts(client, d, model, entry):
    """The admin's forms for one row, as a browser sends them: the change form resubmitted as shown, each
    action chosen for the row, an empty add form, the deletion confirmed. Yields (what, answer)."""
    obj = entry.obj(d)
    change_url = admin_url(model, "change", obj)
    fields = form_fields(client.get(change_url).content.decode(), f"{model._meta.model_name}_form")
    if "csrfmiddlewaretoken" not in fields:  # not shown the form (not staff): a token from a page they can see
        fields = {"csrfmiddlewaretoken": csrf_token(client, change_url)}
    token = fields["csrfmiddlewaretoken"]
    yield "change", client.post(change_url, fields)
    for action in entry.actions or ["delete_selected"]:
        yield f"action {action}", client.post(admin_url(model, "changelist", obj), {
            "action": action, ACTION_CHECKBOX_NAME: [obj.pk], "index": "0", "csrfmiddlewaretoken": token})
    yield "add", client.post(admin_url(model, "add", obj), {"csrfmiddlewaretoken": token})
    yield "delete", client.post(admin_url(model, "delete", obj), {"post": "yes", "csrfmiddlewaretoken": token})
    yield "deleted", model._default_manager.filter(pk=obj.pk).exists() is False


def hr_answers_to_posts(entry):
    # where the admin offers no action, choosing one does nothing: HR sees the list again
    actions = {f"action {a}": s for a, s in entry.actions.items()} or {"action delete_selected": 200}
    return {"change": entry.change, **actions, "add": entry.add, "delete": entry.delete,
            "deleted": entry.delete == 302}


def others_answers_to_posts(entry):
    return {"change": ADMIN_LOGIN, **{f"action {a}": ADMIN_LOGIN for a in entry.actions or ["delete_selected"]},
            "add": ADMIN_LOGIN, "delete": ADMIN_LOGIN, "deleted": False}


@pytest.mark.parametrize("role", ROLE_WALKS)
def test_admin_forms_and_actions_answer_each_role_as_the_matrix_says(d, role):
    client = client_as(d, role)
    failures = []
    for label, (model, _model_admin) in sorted(admin_models().items()):
        if label not in ADMIN_MODELS:
            continue  # test_discovery names it
        entry = ADMIN_MODELS[label]
        want = hr_answers_to_posts(entry) if role == HR else others_answers_to_posts(entry)
        with transaction.atomic():  # each model's changes are undone before the next model's
            for what, response in admin_posts(client, d, model, entry):
                got = response if what == "deleted" else outcome(response)
                if got != want[what]:
                    failures.append((label, what, got, want[what]))
            transaction.set_rollback(True)
    assert failures == [], "\n".join(map(str, failures))


@pytest.mark.parametrize("role", ROLE_WALKS)
def test_admin_site_forms_answer_each_role_as_the_matrix_says(d, role):
    failures = []
    for name, page in ADMIN_SITE.items():
        if page.post is None:
            continue
        client = client_as(d, role)  # afresh: signing out ends the session
        token = csrf_token(client, page.url(d))
        got, want = outcome(client.post(page.url(d), {"csrfmiddlewaretoken": token})), page.post[role != HR]
        if got != want:
            failures.append((name, got, want))
    assert failures == [], "\n".join(map(str, failures))


def test_an_admin_post_without_csrf_token_is_refused(d):
    client = client_as(d, HR)
    group = d.spare["group"]

    response = client.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"})

    assert response.status_code == 403 and outcome(response) != 302
    assert type(group).objects.filter(pk=group.pk).exists()
