"""Factories for tests: real rows in the real database (SQLite or PostgreSQL), no mocks."""
import datetime
from types import SimpleNamespace

import factory

from agentpath.accounts.models import Role, User
from agentpath.careers.models import Level
from agentpath.org.models import Center, Employee, EmploymentEvent, Team

PASSWORD = "correct-horse-battery"


class CenterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Center
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"c{n}")
    name = factory.Sequence(lambda n: f"第{n}呼叫中心")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    code = factory.Sequence(lambda n: f"t{n}")
    name = factory.Sequence(lambda n: f"客服{n}组")
    center = factory.SubFactory(CenterFactory)


class EmployeeFactory(factory.django.DjangoModelFactory):
    """An employee at a level of the loaded default framework (fixture `framework`), with a hire event."""

    class Meta:
        model = Employee
        skip_postgeneration_save = True

    employee_no = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"员工{n}")
    center = factory.SubFactory(CenterFactory)
    team = factory.SubFactory(TeamFactory, center=factory.SelfAttribute("..center"))
    level = factory.LazyFunction(lambda: Level.objects.get(code="mgmt-agent"))
    position = factory.LazyAttribute(lambda o: o.level.positions.first())
    grade = factory.LazyAttribute(lambda o: o.level.grade_max)
    hire_date = datetime.date(2024, 1, 15)
    phone = "13812345678"
    id_number = "440301199001011234"

    @factory.post_generation
    def hire_event(obj, create, extracted, **kwargs):
        if create:
            EmploymentEvent.objects.create(employee=obj, kind="hire", effective_date=obj.hire_date,
                                           to_level=obj.level, to_position=obj.position, to_grade=obj.grade,
                                           to_team=obj.team, to_center=obj.center)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.AGENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def build_org() -> SimpleNamespace:
    """The `org` fixture's people (for a module-scoped fixture that builds them once)."""
    c1, c2 = CenterFactory(code="sz", name="深圳中心"), CenterFactory(code="gz", name="广州中心")
    tl_level = Level.objects.get(code="mgmt-tl")
    t1, t2 = TeamFactory(code="sz-a", name="深圳A组", center=c1), TeamFactory(code="sz-b", name="深圳B组", center=c1)
    t3 = TeamFactory(code="gz-a", name="广州A组", center=c2)
    leaders, agents = {}, {}
    for team in (t1, t2, t3):
        leader = EmployeeFactory(center=team.center, team=team, level=tl_level, name=f"{team.name}组长")
        team.leader = leader
        team.save()
        leaders[team.code] = leader
        agents[team.code] = [EmployeeFactory(center=team.center, team=team) for _ in range(3)]
    users = {
        Role.AGENT: UserFactory(username="agent", role=Role.AGENT, employee=agents["sz-a"][0]),
        Role.TEAM_LEADER: UserFactory(username="leader", role=Role.TEAM_LEADER, employee=leaders["sz-a"]),
        Role.TRAINER: UserFactory(username="trainer", role=Role.TRAINER),
        Role.QA: UserFactory(username="qa", role=Role.QA),
        Role.CENTER_MANAGER: UserFactory(username="manager", role=Role.CENTER_MANAGER),
        Role.HR_ADMIN: UserFactory(username="hr", role=Role.HR_ADMIN),
    }
    for role in (Role.TRAINER, Role.QA, Role.CENTER_MANAGER):
        users[role].centers.add(c1)
    return SimpleNamespace(centers=[c1, c2], teams=[t1, t2, t3], leaders=leaders, agents=agents, users=users)
