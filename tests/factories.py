"""Factories for tests: real rows in the real database (SQLite or PostgreSQL), no mocks."""
import datetime

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
