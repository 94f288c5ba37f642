"""What the KPI pages draw: the distribution of the composite itself (percentiles are uniform by construction,
so their histogram says nothing), per composite group, in equal-width bins over the observed range."""
import math

from django.utils.formats import number_format

from agentpath.performance import selectors

BINS = 10


def composite_histogram(values_by_group: dict[str, list[float]], bins: int = BINS) -> dict:
    """{"bins": labels, "series": {group name: counts}} over one shared range, so the groups compare."""
    values = [v for vs in values_by_group.values() for v in vs]
    if not values:
        return {"bins": [], "series": {}}
    low, high = min(values), max(values)
    width = (high - low) / bins or 1.0
    digits = min(max(1 - math.floor(math.log10(width)), 0), 3)  # enough decimals to tell the bins apart
    labels = [f"{number_format(low + i * width, digits)}–{number_format(low + (i + 1) * width, digits)}"
              for i in range(bins)]
    series = {}
    for name, vs in values_by_group.items():
        counts = [0] * bins
        for v in vs:
            counts[min(int((v - low) / width), bins - 1)] += 1
        series[name] = counts
    return {"bins": labels, "series": series}


def team_composites(overview: dict) -> dict:
    names = dict(overview["groups"])
    out = {name: [] for name in names.values()}
    for row in overview["rows"]:
        for code, result in row["results"].items():
            out[names[code]].append(result.composite)
    return composite_histogram(out)


def center_composites(user, center, period, groups: list[tuple[str, str]]) -> dict:
    """One query: the composites of the center's people for the period, per group."""
    if period is None:
        return composite_histogram({})
    names = dict(groups)
    out = {name: [] for name in names.values()}
    for code, composite in (selectors.results_visible_to(user).filter(period=period.code, center=center)
                            .values_list("group_code", "composite")):
        out[names.get(code, code)].append(composite)
    return composite_histogram(out)
