import datetime
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from agentpath.performance.defaults import AGENT_POSITIONS
from agentpath.performance.importers import import_kpi_file
from agentpath.performance.services import load_default_scorecards

TODAY = datetime.date(2026, 7, 15)


@pytest.fixture
def kpi(org):
    """The org fixture with the default metrics and the default scorecard on its agents' position (the other
    families' scorecards: tests/performance/test_team_metrics.py)."""
    load_default_scorecards(AGENT_POSITIONS)
    return org


@pytest.fixture
def import_csv(tmp_path):
    """import_csv(text, **kwargs) -> report: run the product's import on CSV text, from a real file (so that
    PostgreSQL takes its COPY fast path and falls back to the careful path where it must)."""
    def run(text: str, name: str = "kpi.csv", **kwargs):
        kwargs.setdefault("today", TODAY)
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        with open(path, "rb") as binary:
            return import_kpi_file(binary, name, **kwargs)

    return run


@pytest.fixture
def clock(monkeypatch):
    """Pages read today's date from django.utils.timezone.localdate: fixed to TODAY for the test (and the live
    server thread of browser tests), so that what a page shows does not depend on when the suite runs."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


class _TestIdText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: dict[str, list[str]] = {}
        self.open: list[tuple[str | None, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "hr"):
            return
        self.open.append((dict(attrs).get("data-testid"), []))

    def handle_endtag(self, tag):
        if not self.open:
            return
        testid, parts = self.open.pop()
        text = " ".join(" ".join(parts).split())
        if testid:
            self.found.setdefault(testid, []).append(text)
        if self.open:
            self.open[-1][1].append(text)

    def handle_data(self, data):
        if self.open:
            self.open[-1][1].append(data)


def texts(content: bytes | str) -> dict[str, list[str]]:
    """{data-testid: [the text a reader sees in each such element, whitespace collapsed]} of a page."""
    parser = _TestIdText()
    parser.feed(content.decode() if isinstance(content, bytes) else content)
    return parser.found
