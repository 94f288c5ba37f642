import datetime

import pytest
from django.db.models import Q
from django.utils import timezone

from agentpath.careers.models import Requirement, Transition
from agentpath.common.calendar import add_months
from tests.factories import EmployeeFactory


@pytest.fixture
def six_months_rule(framework):
    """Every move out of 客服代表 asks only for six months in the level, so who is ready is plain to see."""
    moves = Transition.objects.filter(from_level__code="mgmt-agent")
    Requirement.objects.filter(Q(transition__in=moves) | Q(level__in=moves.values("to_level"))).delete()
    Requirement.objects.bulk_create([Requirement(transition=t, kind=Requirement.Kind.MIN_MONTHS_IN_LEVEL, value=6,
                                                 effective_from=datetime.date(2000, 1, 1)) for t in moves])


@pytest.fixture
def team(org, six_months_rule):
    """Team sz-a: three agents hired in 2024 (ready), a newcomer of three months (close), one who left last month."""
    t = org.teams[0]
    today = timezone.localdate()
    newcomer = EmployeeFactory(center=t.center, team=t, name="新人小李", hire_date=add_months(today, -3))
    leaver = EmployeeFactory(center=t.center, team=t, name="离职老王", status="exited",
                             exit_date=today - datetime.timedelta(days=20))
    return {"team": t, "ready": org.agents["sz-a"], "close": newcomer, "leaver": leaver}
