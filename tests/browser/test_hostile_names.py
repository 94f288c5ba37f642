"""A stored name never runs as script, and no page breaks its own Content-Security-Policy (issue 16).

The demo contact center (small) with two people renamed to markup: every chart and table page a center manager
and HR open (and the agent's own pages) shows the names as text, no dialog opens, the flag the second name's handler would set stays unset,
and Chromium reports no Content-Security-Policy violation. The 9-box chart's tooltip is opened on the person."""
from urllib.parse import urlencode

import pytest
from django.test import override_settings
from django.utils import timezone

from agentpath.accounts.models import User
from agentpath.common.calendar import last_quarters
from agentpath.demo.generator import DEMO_PASSWORD, generate
from agentpath.exams.models import Exam
from agentpath.org.models import Center, Employee
from agentpath.talent.nine_box import open_review
from agentpath.talent.rounds import open_round
from tests.browser.conftest import login
from tests.snapshot import Snapshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALERTING = "张峰<img src=x onerror=alert(1)>"
FLAGGING = '李娜<svg onload="window.__pwned=1">'
REPORT_VIOLATIONS = """document.addEventListener("securitypolicyviolation", e =>
  console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));"""


@pytest.fixture(scope="module")
def hostile_copy(django_db_setup, django_db_blocker):
    """The center, built once for the module and kept as a copy (tests/snapshot.py): every test of the module
    flushes the database when it ends, and the next one puts the copy back instead of generating it again."""
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hasher:
        details = build_hostile_center()
        copy = Snapshot(schema="test_snapshot_hostile")
        copy.take()
    return copy, details


@pytest.fixture
def hostile_center(hostile_copy, transactional_db):
    copy, details = hostile_copy
    copy.restore()
    return details


def build_hostile_center():
    today = timezone.localdate()
    generate(seed=2026, today=today, scale=0.05, quiet=True)
    manager = User.objects.get(username="manager")
    sz = Center.objects.get(code="sz")
    agent = User.objects.get(username="agent").employee  # in the leader's team, with KPI and a plan
    other = Employee.objects.filter(center=sz, status="active").exclude(pk=agent.pk).exclude(
        team=None).order_by("employee_no").first()
    Employee.objects.filter(pk=agent.pk).update(name=ALERTING)
    Employee.objects.filter(pk=other.pk).update(name=FLAGGING)
    review = open_review(center=sz, period=last_quarters(today, 1)[0].code, by=manager)
    promotion_round = open_round(center=sz, period=last_quarters(today, 1)[0].code, effective_date=today,
                                 quotas=None, by=User.objects.get(username="hr"))
    exam = Exam.objects.filter(papers__employee=agent).order_by("pk").first()
    no = agent.employee_no
    pages = [
        "/", "/people/", f"/people/{no}/", f"/people/{other.employee_no}/", "/kpi/", f"/kpi/employees/{no}/",
        "/kpi/centers/sz/", f"/kpi/teams/{agent.team.code}/", f"/talent/nine-box/{review.pk}/", "/talent/nine-box/",
        "/talent/rounds/", f"/talent/rounds/{promotion_round.pk}/", "/talent/reviews/", "/talent/staffing/",
        "/talent/succession/", "/talent/competencies/", f"/talent/competencies/{no}/", "/talent/potential/",
        f"/talent/potential/{no}/", "/careers/roadmap/", f"/path/{no}/", "/development/team/", f"/development/{no}/",
        f"/development/{no}/anchors/", f"/development/{no}/document/", "/training/results/",
        "/training/differentiated/", "/training/sessions/", "/training/trainers/", "/exams/",
    ]
    own = ["/", "/me/path/", f"/people/{no}/", f"/kpi/employees/{no}/", f"/development/{no}/",
           f"/development/{no}/anchors/", f"/development/{no}/document/", "/careers/roadmap/", "/training/me/",
           "/exams/", f"/talent/competencies/{no}/"]
    return {"pages": {"manager": pages, "hr": [*pages, f"/exams/{exam.pk}/results/", "/admin/accounts/user/"],
                      "agent": own},
            "review": review, "agent": agent}


def watch(page):
    """What a hostile name would do if it ran, and what Chromium says about the policy."""
    seen = {"dialogs": [], "console": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("console", lambda m: seen["console"].append(m.text)
            if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("pageerror", lambda e: seen["console"].append(f"page error: {e}"))
    page.context.add_init_script(REPORT_VIOLATIONS)
    return seen


def hover_charts(page):
    for chart in page.locator("[data-chart] canvas, [data-chart] svg").all()[:4]:
        box = chart.bounding_box()
        if box is None:  # in a tab not shown
            continue
        for share in (0.25, 0.5, 0.75):
            page.mouse.move(box["x"] + box["width"] * share, box["y"] + box["height"] / 2)
            page.wait_for_timeout(60)


@pytest.mark.parametrize("username", ["manager", "hr", "agent"])
def test_hostile_names_show_as_text_and_never_run_on_any_chart_or_table_page(page, hostile_center, username):
    seen = watch(page)
    login(page, username, DEMO_PASSWORD)
    for url in hostile_center["pages"][username]:
        response = page.goto(page.base_url + url)  # waits for the load event: no page of ours fetches after it
        assert response.status == 200, url
        assert response.headers["content-security-policy"].count("script-src 'self'") == 1, url
        hover_charts(page)
        assert seen == {"dialogs": [], "console": []}, url
        assert page.evaluate("window.__pwned") is None, url
    page.goto(page.base_url + f"/people/{hostile_center['agent'].employee_no}/")
    assert page.get_by_text(ALERTING).count() >= 1
    if username != "agent":
        for name in (ALERTING, FLAGGING):  # the list, searched by the name itself
            page.goto(page.base_url + "/people/?" + urlencode({"q": name}))
            assert page.locator("#employee-table").get_by_text(name).count() >= 1
            assert seen == {"dialogs": [], "console": []} and page.evaluate("window.__pwned") is None


def test_the_9_box_chip_shows_a_hostile_name_as_text(page, hostile_center):
    seen = watch(page)
    login(page, "manager", DEMO_PASSWORD)
    page.goto(page.base_url + f"/talent/nine-box/{hostile_center['review'].pk}/")
    chip = page.locator("#grid details.chip summary").filter(has_text="张峰").first
    assert chip.inner_text().strip() == ALERTING
    chip.click()  # the card opens in place
    assert chip.locator("img").count() == 0
    assert seen == {"dialogs": [], "console": []}
