"""Human-readable wording of requirements, shared by the admin, the pages and the API."""
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

# A min_competency requirement stores the competency's code; its name is talent's (the competency dictionary,
# above careers), so talent registers the namer in TalentConfig.ready(): code -> name, None for a code that is
# not in the dictionary. Naming without a namer is an error, never a silent fallback to the code.
_competency_namer: list[Callable[[str], str | None]] = []


def register_competency_namer(namer: Callable[[str], str | None]) -> None:
    _competency_namer[:] = [namer]


def competency_name(code: str) -> str | None:
    """The name of the competency `code` in the dictionary (None: no such competency)."""
    if not _competency_namer:
        raise ImproperlyConfigured("No competency namer is registered: talent registers it in TalentConfig.ready().")
    return _competency_namer[0](code)


def competency_label(code: str) -> str:
    """How a requirement names its competency: the dictionary's name, or says the code is not in it."""
    name = competency_name(code)
    return name if name is not None else _("unknown competency %(code)s") % {"code": code}


def _num(value) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)


# The order in which people read requirements: time first, then learning, results, conduct, nomination.
KIND_ORDER = ["min_months_in_level", "required_course", "min_credits", "min_exam_average", "min_kpi_percentile",
              "min_star_rating", "min_competency", "no_discipline", "supervisor_nomination"]
_RANK = {kind: i for i, kind in enumerate(KIND_ORDER)}


def in_reading_order(requirements) -> list:
    return sorted(requirements, key=lambda r: (_RANK.get(r.kind, len(_RANK)), r.id or 0))


def describe_requirement(req) -> str:
    kind = req.Kind
    v = _num(req.value)
    if req.kind == kind.MIN_MONTHS_IN_LEVEL:
        return _("At least %(v)s months in the current level") % {"v": v}
    if req.kind == kind.MIN_KPI_PERCENTILE:
        return _("KPI composite percentile at least %(v)s over the last %(q)s quarters") % {"v": v, "q": req.quarters}
    if req.kind == kind.REQUIRED_COURSE:
        return _("Course completed: %(c)s") % {"c": req.course.display_name if req.course_id else "?"}
    if req.kind == kind.MIN_CREDITS:
        return _("At least %(v)s credits in the last %(w)s months") % {"v": v, "w": req.window_months}
    if req.kind == kind.MIN_EXAM_AVERAGE:
        return _("Exam average at least %(v)s over the last %(w)s months") % {"v": v, "w": req.window_months}
    if req.kind == kind.MIN_COMPETENCY:
        return _("Competency %(c)s at level %(v)s or above") % {"c": competency_label(req.competency), "v": v}
    if req.kind == kind.NO_DISCIPLINE:
        return _("No disciplinary record in the last %(w)s months") % {"w": req.window_months}
    if req.kind == kind.SUPERVISOR_NOMINATION:
        return _("Nominated by the supervisor")
    if req.kind == kind.MIN_STAR_RATING:
        return _("Star-service rating at least %(v)s stars in each of the last %(w)s months") % {
            "v": v, "w": req.window_months}
    return req.get_kind_display()
