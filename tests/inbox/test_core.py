"""The inbox core: delivery once per event, set-based runs, the recipients as of today, the kinds registry."""
import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from agentpath.accounts.models import Role, User
from agentpath.common.errors import NotFound
from agentpath.inbox import kinds, recipients, selectors, services
from agentpath.inbox.models import InboxItem
from agentpath.inbox.services import Bilingual, Notice, SelectedNotices
from tests.conftest import QueryCounts
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A kind of the tests only (the real kinds are registered by their apps).
kinds.register("tests.greeting", gettext_lazy("Your plan {period} was agreed by {leader}"), audience="tests")
kinds.register("tests.medal", gettext_lazy("You earned {medal} with {points} points"), audience="tests")


def test_an_event_delivers_its_item_once_however_often_it_runs(org):
    agent = org.users[Role.AGENT]
    first = services.notify(recipients=[agent], kind="tests.greeting", params={"period": "2026", "leader": "王"},
                            url="/x/", key="tests.greeting:1")
    again = services.notify(recipients=[agent.pk, agent], kind="tests.greeting",
                            params={"period": "2026", "leader": "王"}, url="/x/", key="tests.greeting:1")
    assert (first, again) == (1, 0)
    assert InboxItem.objects.filter(recipient=agent).count() == 1


def test_a_run_delivers_thousands_in_batches_and_a_rerun_creates_nothing(org, monkeypatch):
    monkeypatch.setattr(services, "BATCH", 2)
    users = [org.users[role] for role in Role.values]
    notices = [Notice(user.pk, "tests.greeting", {"period": "2026", "leader": "王"}, "/x/", f"run:{user.pk}")
               for user in users]
    assert services.notify_many(notices) == len(users)
    assert services.notify_many(notices) == 0
    assert InboxItem.objects.count() == len(users)


def test_a_run_takes_the_same_number_of_queries_per_batch_whatever_its_size(org):
    many = [UserFactory() for _ in range(30)]
    notices = [Notice(user.pk, "tests.greeting", {"period": "2026", "leader": "王"}, "/x/", "run:1")
               for user in many]
    count = QueryCounts.of(lambda: services.notify_many(notices))
    assert count <= 3  # the existing pairs, the insert (one batch), a savepoint at most


def medals_of_every_user() -> SelectedNotices:
    """tests.medal for every user, built by the database: a bilingual name and a number from each row."""
    return SelectedNotices(
        "tests.medal",
        """SELECT u.id AS recipient_id, CAST(%s AS TEXT) || u.username AS url,
                  CAST(%s AS TEXT) || CAST(u.id AS TEXT) AS key, CAST(%s AS TEXT) AS zh, CAST(%s AS TEXT) AS en,
                  u.id AS points
           FROM accounts_user u""",
        ["/users/", "tests.medal:", "金牌", "Gold"], {"medal": Bilingual("zh", "en"), "points": "points"})


def test_items_selected_in_the_database_arrive_once_and_read_as_items_delivered_from_python(org):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    services.notify(recipients=[agent], kind="tests.medal", params={"medal": {"zh-hans": "金牌", "en": "Gold"},
                                                                     "points": agent.pk},
                    url=f"/users/{agent.username}", key=f"tests.medal:{agent.pk}")
    everyone = User.objects.count()
    assert services.notify_selected(medals_of_every_user()) == everyone - 1  # the agent had theirs already
    assert services.notify_selected(medals_of_every_user()) == 0  # again: nothing twice
    from_python = InboxItem.objects.get(recipient=agent)
    from_sql = InboxItem.objects.get(recipient=leader)
    assert from_sql.params == {"medal": {"zh-hans": "金牌", "en": "Gold"}, "points": leader.pk}
    assert (from_sql.kind, from_sql.url, from_sql.key, from_sql.read_at) == (
        "tests.medal", f"/users/{leader.username}", f"tests.medal:{leader.pk}", None)
    assert from_sql.created_at is not None
    with translation.override("zh-hans"):
        assert selectors.title_of(from_python) == f"You earned 金牌 with {agent.pk} points"
        assert selectors.title_of(from_sql) == f"You earned 金牌 with {leader.pk} points"
    with translation.override("en"):
        assert selectors.title_of(from_sql) == f"You earned Gold with {leader.pk} points"


def test_items_selected_in_the_database_must_fill_their_title(org):
    selected = medals_of_every_user()
    with pytest.raises(ValueError):
        services.notify_selected(SelectedNotices(selected.kind, selected.sql, selected.sql_params,
                                                 {"medal": Bilingual("zh", "en")}))
    assert not InboxItem.objects.exists()


def test_an_item_without_its_placeholders_or_key_is_refused_when_it_is_sent(org):
    with pytest.raises(ValueError):
        services.notify(recipients=[org.users[Role.AGENT]], kind="tests.greeting", params={"period": "2026"},
                        url="/x/", key="k")
    with pytest.raises(ValueError):
        services.notify(recipients=[org.users[Role.AGENT]], kind="tests.greeting",
                        params={"period": "2026", "leader": "王"}, url="/x/", key="")
    with pytest.raises(LookupError):
        services.notify(recipients=[org.users[Role.AGENT]], kind="tests.unknown", params={}, url="/x/", key="k")


def test_a_title_reads_in_the_language_of_the_reader_at_the_time(org):
    services.notify(recipients=[org.users[Role.AGENT]], kind="tests.greeting",
                    params={"period": "2026", "leader": {"zh-hans": "王组长", "en": "Leader Wang"}},
                    url="/x/", key="k")
    item = InboxItem.objects.get()
    with translation.override("en"):
        assert selectors.title_of(item) == "Your plan 2026 was agreed by Leader Wang"
    with translation.override("zh-hans"):
        assert "王组长" in selectors.title_of(item)


def test_recipients_are_the_person_their_leader_and_their_centers_managers_and_hr(org):
    agent = org.agents["sz-a"][0]
    leader_user = org.users[Role.TEAM_LEADER]
    assert recipients.person_user(agent) == [org.users[Role.AGENT].pk]
    assert recipients.leader_user(agent) == [leader_user.pk]
    assert recipients.leader_user(org.leaders["sz-a"]) == []  # a leader is not their own leader
    assert recipients.person_user(org.agents["sz-a"][1]) == []  # no account: nobody to tell
    assert sorted(recipients.managers_and_hr_of(agent)) == sorted(
        [org.users[Role.CENTER_MANAGER].pk, org.users[Role.HR_ADMIN].pk])
    assert recipients.managers_and_hr_of(org.agents["gz-a"][0]) == [org.users[Role.HR_ADMIN].pk]


def test_mark_read_reads_only_ones_own_items(org):
    agent, leader = org.users[Role.AGENT], org.users[Role.TEAM_LEADER]
    services.notify(recipients=[agent, leader], kind="tests.greeting", params={"period": "1", "leader": "王"},
                    url="/x/", key="k")
    theirs = InboxItem.objects.get(recipient=leader)
    with pytest.raises(NotFound):
        services.mark_read(user=agent, item_id=theirs.pk)
    mine = InboxItem.objects.get(recipient=agent)
    services.mark_read(user=agent, item_id=mine.pk)
    assert selectors.unread_count(agent) == 0
    assert selectors.unread_count(leader) == 1
    assert services.mark_all_read(user=leader) == 1
