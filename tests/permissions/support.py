"""Discovery (what exists), clients that enforce CSRF, and reading an answer as a matrix outcome."""
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseForbidden
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.crypto import get_random_string

from agentpath.api import api

from .matrix import ADMIN_KINDS, ADMIN_LOGIN, ANON, LOGIN

CSRF_MARK = b"csrf-refused"
CSRF_REFUSED = "CSRF refused"


def csrf_refused(request, reason=""):
    return HttpResponseForbidden(CSRF_MARK)


# ----------------------------------------------------------------------------------------------- discovery

def url_names(namespace_filter):
    """Every named URL (namespace-qualified) whose namespace passes the filter."""
    names = set()

    def walk(patterns, ns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name and namespace_filter(ns):
                names.add(ns + p.name)

    walk(get_resolver().url_patterns, "")
    return names


def page_names():
    return url_names(lambda ns: not ns.startswith(("admin:", "api:")))


def admin_url_names():
    return url_names(lambda ns: ns.startswith("admin:"))


def admin_models():
    """label ('app_label.modelname') -> (model, model admin) for every model registered in the admin."""
    return {m._meta.label_lower: (m, ma) for m, ma in admin.site._registry.items()}


def admin_url_kinds():
    """The admin URL names that belong to a registered model, as admin:<app>_<model>_<kind> -> (label, kind)."""
    known = {}
    for label, (model, _ma) in admin_models().items():
        for kind in ADMIN_KINDS:
            known[f"admin:{model._meta.app_label}_{model._meta.model_name}_{kind}"] = (label, kind)
    return {name: known[name] for name in admin_url_names() if name in known}


def admin_actions(model_admin, user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return set(model_admin.get_actions(request))


def api_operations():
    return {(method, path) for path, ops in api.get_openapi_schema()["paths"].items() for method in ops}


# ------------------------------------------------------------------------------------------------- clients

def client_as(d, role):
    """A client that enforces CSRF like a browser, signed in as the role's user."""
    client = Client(enforce_csrf_checks=True)
    if role != ANON:
        client.force_login(d.users[role])
    return client


TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_secret(client):
    """A CSRF token for a client without fetching a page: the secret in its CSRF cookie (set here when the client
    has none), which Django accepts unmasked as the form's token. The matrix posts to hundreds of URLs; fetching a
    page for each token (up to three pages when the URL shows no form) cost a third of its time. How a browser
    gets the token from the page is tested by csrf_token() below and tests/permissions/test_pages.py."""
    cookie = client.cookies.get(settings.CSRF_COOKIE_NAME)
    if cookie is None or not cookie.value:
        client.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
        cookie = client.cookies[settings.CSRF_COOKIE_NAME]
    return cookie.value


def csrf_token(client, url):
    """The token from the form on the page at url, as a browser gets it; when the page shows this user no form
    (a 404, a redirect), the one on the admin's sign-in page (non-staff) or in the navigation (staff)."""
    for address in (url, "/admin/login/", "/careers/roadmap/"):
        response = client.get(address)
        found = None if response.streaming else TOKEN.search(response.content)  # a download has no form
        if found:
            return found.group(1).decode()
    raise AssertionError(f"no page gave a CSRF token for {url}")


def outcome(response):
    if response.status_code == 403 and (response.content == CSRF_MARK or b"CSRF check Failed" in response.content):
        return CSRF_REFUSED
    if response.status_code == 302:
        location = urlsplit(response["Location"])
        if "next" in parse_qs(location.query):
            if location.path == reverse("login"):
                return LOGIN
            if location.path == reverse("admin:login"):
                return ADMIN_LOGIN
    return response.status_code


def url_for(name, d, kind, target):
    return reverse(name, args=[d.targets[kind][target]] if kind else [])


# --------------------------------------------------------------------------------------- an admin form

class _FormFields(HTMLParser):
    """The fields a browser would submit from the form with the given id, as shown (no field changed)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a and tag in ("input", "select", "textarea"):
            return
        if tag == "input" and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self.fields.append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def form_fields(html: str, form_id: str) -> dict:
    parser = _FormFields(form_id)
    parser.feed(html)
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data
