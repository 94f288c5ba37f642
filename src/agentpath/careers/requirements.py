"""Human-readable wording of requirements, shared by the admin, the pages and the API."""
from django.utils.translation import gettext as _


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
        return _("Competency %(c)s at level %(v)s or above") % {"c": req.competency, "v": v}
    if req.kind == kind.NO_DISCIPLINE:
        return _("No disciplinary record in the last %(w)s months") % {"w": req.window_months}
    if req.kind == kind.SUPERVISOR_NOMINATION:
        return _("Nominated by the supervisor")
    if req.kind == kind.MIN_STAR_RATING:
        return _("Star-service rating at least %(v)s stars in each of the last %(w)s months") % {
            "v": v, "w": req.window_months}
    return req.get_kind_display()
