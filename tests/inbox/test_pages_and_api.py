"""The inbox as people meet it: the unread count in the navigation, the home page's card, the inbox page, marking
read; the same items on the API, one's own only (another's id answers 404 as if it did not exist)."""
import re

import pytest
import requests
from django.utils import translation

from agentpath.accounts.models import ApiToken, Role
from agentpath.inbox import kinds
from agentpath.inbox.models import InboxItem
from agentpath.inbox.services import notify

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def agreed(user, n=1, key="k"):
    return notify(recipients=[user], kind="development.idp_agreed", url="/development/E1/#idp",
                  params={"leader": "王组长", "version": n, "comment": ""}, key=f"{key}:{n}")


def signed_in(csrf_client, user):
    csrf_client.force_login(user)
    csrf_client.get("/inbox/")  # the page sets the CSRF cookie a browser would carry
    return csrf_client.cookies["csrftoken"].value


def unread_in_nav(html: str) -> str | None:
    found = re.search(r'data-testid="nav-inbox-unread">.*?</span>(\d+)</span>', html)
    return found.group(1) if found else None


def test_every_registered_kind_reads_with_every_placeholder_filled_in_chinese_and_in_english():
    registered = [k for k in kinds.registered() if not k.code.startswith("tests.")]  # the apps' kinds
    assert {k.code for k in registered} >= {
        "development.idp_submitted", "development.idp_agreed", "development.idp_returned", "exams.exam_scheduled",
        "learning.mandatory_enrolment", "talent.nominated", "talent.round_approved", "talent.round_rejected",
        "talent.round_deferred", "talent.improvement_plan", "talent.nine_box_move", "recognition.badge_awarded",
        "recognition.level_up"}
    for kind in registered:
        params = {name: f"v-{name}" for name in kind.placeholders}
        with translation.override("zh-hans"):
            chinese = kinds.render(kind.code, params)
            audience = str(kind.audience)
        with translation.override("en"):
            english = kinds.render(kind.code, params)
        assert "{" not in chinese and "{" not in english, kind.code
        assert all(f"v-{name}" in chinese and f"v-{name}" in english for name in kind.placeholders), kind.code
        assert CJK.search(chinese) and CJK.search(audience), (kind.code, chinese)  # translated, not English
        assert not CJK.search(english), (kind.code, english)


def test_a_name_kept_in_two_languages_reads_in_the_readers_language():
    params = {"leader": "王组长", "version": 3, "comment": "", "level": {"zh-hans": "组长", "en": "Team leader"}}
    with translation.override("en"):
        assert kinds.render("talent.nominated", {**params, "by": "王", "reason": "好"}) == \
            "王 nominated you for Team leader: 好"
    with translation.override("zh-hans"):
        assert kinds.render("talent.nominated", {**params, "by": "王", "reason": "好"}) == "王 推荐您晋升为组长:好"


def test_the_navigation_shows_the_unread_count_and_the_home_page_the_unread_items(org, client_for):
    agent = org.users[Role.AGENT]
    agreed(agent, 1)
    agreed(agent, 2)
    page = client_for(agent).get("/").content.decode()
    assert unread_in_nav(page) == "2"
    assert 'data-testid="home-inbox"' in page
    assert "王组长 已确认您的个人发展计划(第 2 版)" in page and "(第 1 版)" in page


def test_nobody_sees_anothers_items_on_the_page_or_in_the_count(org, client_for):
    agreed(org.users[Role.AGENT])
    page = client_for(org.users[Role.TEAM_LEADER]).get("/inbox/").content.decode()
    assert unread_in_nav(page) is None and "王组长" not in page
    assert 'data-testid="inbox-empty"' in page


def test_the_navigation_count_is_one_query_whatever_the_number_of_items(org, client_for, queries):
    agent = org.users[Role.AGENT]
    agreed(agent, 1)
    client = client_for(agent)
    queries.do_not_grow(queries.page(client, "/inbox/"), queries.page(client, "/"),
                        grow=lambda: [agreed(agent, n) for n in range(2, 40)])


def test_opening_an_item_marks_it_read_and_goes_to_its_page(org, csrf_client):
    agent = org.users[Role.AGENT]
    agreed(agent, 1)
    agreed(agent, 2)
    token = signed_in(csrf_client, agent)
    item = InboxItem.objects.get(recipient=agent, key="k:2")
    response = csrf_client.post(f"/inbox/{item.pk}/read/", {"open": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response["Location"] == "/development/E1/#idp"
    assert unread_in_nav(csrf_client.get("/inbox/").content.decode()) == "1"
    response = csrf_client.post("/inbox/read-all/", {"csrfmiddlewaretoken": token}, follow=True)
    page = response.content.decode()
    assert "已将 1 条消息标为已读。" in page and unread_in_nav(page) is None
    assert not InboxItem.objects.filter(recipient=agent, read_at__isnull=True).exists()


def test_marking_anothers_item_answers_404_and_changes_nothing(org, csrf_client):
    agreed(org.users[Role.TEAM_LEADER])
    theirs = InboxItem.objects.get()
    token = signed_in(csrf_client, org.users[Role.AGENT])
    assert csrf_client.post(f"/inbox/{theirs.pk}/read/", {"csrfmiddlewaretoken": token}).status_code == 404
    assert csrf_client.post("/inbox/999999/read/", {"csrfmiddlewaretoken": token}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_page_write_without_its_csrf_token_is_refused(org, csrf_client):
    agreed(org.users[Role.AGENT])
    signed_in(csrf_client, org.users[Role.AGENT])
    item = InboxItem.objects.get()
    assert csrf_client.post(f"/inbox/{item.pk}/read/").status_code == 403
    item.refresh_from_db()
    assert item.read_at is None


def test_the_api_lists_ones_own_items_in_the_callers_language_and_marks_them_read(org, csrf_client):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    agreed(agent, 1)
    agreed(agent, 2)
    agreed(leader, 1)
    token = signed_in(csrf_client, agent)
    body = csrf_client.get("/api/v1/inbox", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == 2
    assert body["items"][0]["title"] == "王组长 agreed version 2 of your development plan"
    assert body["items"][0]["read"] is False and body["items"][0]["url"] == "/development/E1/#idp"
    mine = body["items"][1]["id"]
    theirs = InboxItem.objects.get(recipient=leader).pk
    refused = csrf_client.post(f"/api/v1/inbox/{mine}/read")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    read = csrf_client.post(f"/api/v1/inbox/{mine}/read", HTTP_X_CSRFTOKEN=token)
    assert read.status_code == 200 and read.json()["read"] is True
    assert csrf_client.get("/api/v1/inbox?unread=true").json()["count"] == 1
    other = csrf_client.post(f"/api/v1/inbox/{theirs}/read", HTTP_X_CSRFTOKEN=token)
    assert other.status_code == 404 and other.json()["code"] == "not_found"
    assert other.json() == csrf_client.post("/api/v1/inbox/999999/read", HTTP_X_CSRFTOKEN=token).json()
    assert csrf_client.post("/api/v1/inbox/read-all", HTTP_X_CSRFTOKEN=token).json() == {"marked": 1, "unread": 0}
    assert InboxItem.objects.get(recipient=leader).read_at is None


@pytest.mark.django_db(transaction=True)
def test_an_integration_reads_and_marks_its_users_inbox_with_a_bearer_token(org, live_server):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    agreed(agent, 1)
    agreed(agent, 2)
    agreed(leader, 1)
    _, key = ApiToken.issue(agent, "inbox")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {key}"
    base = live_server.url + "/api/v1/inbox"
    listed = session.get(base, timeout=30).json()
    assert [i["params"]["version"] for i in listed["items"]] == [2, 1]
    read = session.post(f"{base}/{listed['items'][0]['id']}/read", timeout=30)
    assert read.status_code == 200, read.text
    theirs = InboxItem.objects.get(recipient=leader).pk
    assert session.post(f"{base}/{theirs}/read", timeout=30).status_code == 404
    all_read = session.post(f"{base}/read-all", timeout=30)
    assert all_read.status_code == 200 and all_read.json() == {"marked": 1, "unread": 0}
    assert session.get(base + "?unread=true", timeout=30).json()["count"] == 0
    assert InboxItem.objects.get(recipient=leader).read_at is None
    session.close()
