"""What was in force on a day, read from the event history: a reorg moves an agent from 深圳 to 广州."""
import datetime

import pytest
from django.db import connection

from agentpath.careers.models import Level
from agentpath.org.history import InForceOn, assignments_on, intervals, intervals_sql
from agentpath.org.models import Employee, EmploymentEvent
from agentpath.org.selectors import _facts_sql, with_tenure
from agentpath.org.services import record_exit, record_move

pytestmark = pytest.mark.django_db

REORG = datetime.date(2026, 8, 15)


def SZ(org):  # noqa: N802  (the centers and teams of the `org` fixture, by name)
    return org.centers[0]


def GZ(org):  # noqa: N802
    return org.centers[1]


def SZ_A(org):  # noqa: N802
    return org.teams[0]


def GZ_A(org):  # noqa: N802
    return org.teams[2]


@pytest.fixture
def moved(org):
    """An agent of 深圳A组 (hired 2024-01-15) moved to 广州A组 on REORG."""
    agent = org.agents["sz-a"][0]
    record_move(agent, kind="team_change", effective_date=REORG, team=GZ_A(org), cause="组织调整")
    return agent


def test_a_reorg_leaves_the_old_center_in_force_before_its_date(org, moved):
    before, after = intervals([moved.id])
    assert (before.valid_from, before.valid_to, before.center_id, before.team_id) == \
        (datetime.date(2024, 1, 15), REORG, SZ(org).id, SZ_A(org).id)
    assert (after.valid_from, after.valid_to, after.center_id, after.team_id) == \
        (REORG, None, GZ(org).id, GZ_A(org).id)
    assert assignments_on(REORG - datetime.timedelta(days=1), [moved.id])[moved.id].center_id == SZ(org).id
    assert assignments_on(REORG, [moved.id])[moved.id].center_id == GZ(org).id


def test_the_move_event_carries_both_centers(org, moved):
    event = EmploymentEvent.objects.get(employee=moved, kind="team_change")
    assert (event.from_center, event.to_center) == (SZ(org), GZ(org))


def test_peer_groups_of_a_past_quarter_are_those_in_force_then(org, moved):
    """The 深圳 agents on a day of 2026Q2 still count the moved agent; on a day after the reorg they do not."""
    sql, params = intervals_sql(start=datetime.date(2026, 4, 1), end=datetime.date(2026, 9, 30))
    day_before, day_after = datetime.date(2026, 5, 20), datetime.date(2026, 9, 1)
    counting = (f"SELECT COUNT(*) FROM ({sql}) a WHERE a.center_id = %s AND a.level_id = %s "
                f"AND a.valid_from <= %s AND (a.valid_to IS NULL OR a.valid_to > %s)")
    agent_level = Level.objects.get(code="mgmt-agent").id
    with connection.cursor() as cursor:
        counts = []
        for day in (day_before, day_after):
            d = connection.ops.adapt_datefield_value(day)
            cursor.execute(counting, [*params, SZ(org).id, agent_level, d, d])
            counts.append(cursor.fetchone()[0])
    sz_agents_now = Employee.objects.filter(center=SZ(org), level_id=agent_level).count()
    assert counts == [sz_agents_now + 1, sz_agents_now]


def test_an_employee_queryset_reads_the_center_in_force_on_a_day(org, moved):
    qs = Employee.objects.filter(pk=moved.pk)
    row = qs.annotate(center_then=InForceOn("center_id", datetime.date(2026, 3, 1)),
                      center_later=InForceOn("center_id", datetime.date(2026, 9, 1)),
                      since=InForceOn("level_since", datetime.date(2026, 9, 1))).get()
    assert (row.center_then, row.center_later) == (SZ(org).id, GZ(org).id)
    assert row.since == datetime.date(2024, 1, 15)  # a team change keeps the stay in the level


def test_a_promotion_starts_a_new_stay_in_level_and_an_exit_ends_the_intervals(org):
    agent = org.agents["sz-a"][1]
    senior = Level.objects.get(code="pro-senior")
    record_move(agent, kind="promotion", effective_date=datetime.date(2025, 3, 1), level=senior, grade=7)
    record_move(agent, kind="grade_step", effective_date=datetime.date(2025, 9, 1), grade=6)
    record_exit(agent, effective_date=datetime.date(2026, 1, 31))
    rows = intervals([agent.id])
    assert [(r.valid_from, r.level_since, r.grade) for r in rows] == [
        (datetime.date(2024, 1, 15), datetime.date(2024, 1, 15), 8),
        (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1), 7),
        (datetime.date(2025, 9, 1), datetime.date(2025, 3, 1), 6)]
    assert rows[-1].valid_to == datetime.date(2026, 1, 31)
    assert assignments_on(datetime.date(2026, 2, 1), [agent.id]) == {}


def test_a_person_who_left_keeps_their_last_assignment_for_the_files(org):
    agent = org.agents["sz-a"][2]
    record_exit(agent, effective_date=datetime.date(2026, 1, 31))
    row = Employee.objects.filter(pk=agent.pk).annotate(
        level_later=InForceOn("level_id", datetime.date(2026, 6, 1)),
        level_before_hire=InForceOn("level_id", datetime.date(2020, 1, 1))).get()
    assert (row.level_later, row.level_before_hire) == (agent.level_id, None)


def test_with_tenure_reads_for_a_whole_list_what_the_sql_of_each_person_reads(org, moved):
    """The facts read for a fetched list (one pass over everyone's history) are those each person's own SQL
    gives (a reorg, a promotion then an exit, a same-day correction, someone not yet hired), and filtering or
    ordering on a fact still works in SQL."""
    promoted, corrected = org.agents["sz-a"][1], org.agents["sz-a"][2]
    record_move(promoted, kind="promotion", effective_date=datetime.date(2025, 3, 1),
                level=Level.objects.get(code="pro-senior"), grade=7)
    record_exit(promoted, effective_date=datetime.date(2026, 1, 31))
    record_move(corrected, kind="team_change", effective_date=datetime.date(2025, 6, 1), team=GZ_A(org),
                cause="调岗")
    record_move(corrected, kind="team_change", effective_date=datetime.date(2025, 6, 1), team=SZ_A(org),
                cause="更正")
    names = ("level_on", "position_on", "team_on", "center_on", "grade_on", "level_since",
             "uncounted_leave_days", "uncounted_leave_days_in_level")
    for day in (datetime.date(2023, 1, 1), datetime.date(2025, 6, 1), datetime.date(2026, 3, 1), REORG):
        listed = {e.id: tuple(getattr(e, n) for n in names) for e in with_tenure(Employee.objects.all(), day)}
        each = {row[0]: tuple(row[1:]) for row in _facts_sql(Employee.objects.all(), day).values_list("pk", *names)}
        assert listed == each
    later = datetime.date(2026, 9, 1)
    in_gz = with_tenure(Employee.objects.all(), later).filter(center_on=GZ(org).id)
    assert moved in in_gz and all(e.center_on == GZ(org).id for e in in_gz)
    by_stay = list(with_tenure(Employee.objects.filter(pk__in=[moved.pk, promoted.pk]), later).order_by("-level_since"))
    assert by_stay == [promoted, moved]  # promoted 2025-03-01, the moved agent's stay since 2024-01-15
