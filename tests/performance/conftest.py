import datetime

import pytest

TODAY = datetime.date(2026, 7, 15)


@pytest.fixture
def kpi(org):
    """The org fixture with the default metrics and the default scorecard on its agents' position."""
    from agentpath.performance.services import load_default_scorecards

    load_default_scorecards()
    return org


@pytest.fixture
def import_csv(tmp_path):
    """import_csv(text, **kwargs) -> report: run the product's import on CSV text, from a real file (so that
    PostgreSQL takes its COPY fast path and falls back to the careful path where it must)."""
    from agentpath.performance.importers import import_kpi_file

    def run(text: str, name: str = "kpi.csv", **kwargs):
        kwargs.setdefault("today", TODAY)
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        with open(path, "rb") as binary:
            return import_kpi_file(binary, name, **kwargs)

    return run
