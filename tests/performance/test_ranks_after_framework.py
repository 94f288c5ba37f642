"""On an empty database, `agentpath kpi-ranks --period` works right after `agentpath load-framework cola`: the
default scorecards come with the framework (issue 11)."""
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from agentpath.careers.models import Position
from agentpath.performance.models import Scorecard

pytestmark = pytest.mark.django_db


def test_load_framework_installs_the_default_scorecards_of_the_agent_positions():
    call_command("load-framework", "cola", stdout=io.StringIO())

    with_cards = set(Scorecard.objects.values_list("position__code", flat=True))
    assert "agent" in with_cards and "vip-manager" in with_cards
    assert Position.objects.filter(code__in=with_cards).count() == len(with_cards)
    out = io.StringIO()
    call_command("kpi-ranks", "--period", "2026Q3", stdout=out)
    assert "2026Q3" in out.getvalue()


def test_kpi_ranks_says_why_nobody_can_be_ranked_without_scorecards():
    with translation.override("en"), pytest.raises(CommandError, match="No position has a KPI scorecard"):
        call_command("kpi-ranks", "--period", "2026Q3", stdout=io.StringIO())
