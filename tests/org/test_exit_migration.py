"""The exit facts migration (org 0010): each exit's type and reason read from its cause text into a record;
reversed, a record's type and reason go back into a cause that has none."""
import datetime

import pytest

from tests.org.migrating import agent_level, migrate

pytestmark = pytest.mark.engine_dependent  # migrations on the suite's engine, in a database of their own


def _person(apps, level, no, cause):
    Center, Employee = apps.get_model("org", "Center"), apps.get_model("org", "Employee")
    Event = apps.get_model("org", "EmploymentEvent")
    center, _new = Center.objects.get_or_create(code="msz", defaults={"name": "深圳"})
    person = Employee.objects.create(employee_no=no, name=no, center=center, level=level,
                                     grade=8, hire_date=datetime.date(2024, 1, 1), status="exited")
    return Event.objects.create(employee=person, kind="exit", effective_date=datetime.date(2025, 1, 1), cause=cause)


def test_exit_causes_become_facts_and_facts_go_back_into_causes(scratch):
    apps = migrate(("org", "0009_exit_records"))
    level = agent_level(apps)
    worded = _person(apps, level, "M1", "主动离职: 工作压力大")
    old_words = _person(apps, level, "M2", "主动离职: 职业发展 (跳槽)")
    bare = _person(apps, level, "M3", "被动离职")
    free = _person(apps, level, "M4", "resigned")
    apps = migrate(("org", "0010_exit_facts_from_causes"))
    Record = apps.get_model("org", "ExitRecord")
    facts = {r.event_id: (r.exit_type, r.reason.code if r.reason_id else None) for r in Record.objects.all()}
    assert facts == {worded.id: ("voluntary", "workload"), old_words.id: ("voluntary", "career"),
                     bare.id: ("involuntary", None), free.id: ("", None)}
    assert apps.get_model("org", "ExitReason").objects.get(code="shifts").word == "不适应倒班与夜班"
    # an exit recorded after the migration with facts and no cause text
    Event = apps.get_model("org", "EmploymentEvent")
    Record.objects.filter(event_id=free.id).update(exit_type="voluntary", reason=apps.get_model(
        "org", "ExitReason").objects.get(code="family"))
    Event.objects.filter(pk=free.id).update(cause="")
    apps = migrate(("org", "0009_exit_records"))
    causes = dict(apps.get_model("org", "EmploymentEvent").objects.values_list("id", "cause"))
    assert causes == {worded.id: "主动离职: 工作压力大", old_words.id: "主动离职: 职业发展 (跳槽)", bare.id: "被动离职",
                      free.id: "主动离职: 家庭原因"}
    assert not apps.get_model("org", "ExitRecord").objects.exists()
