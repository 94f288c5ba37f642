"""The three files of one person (员工三份档案, seed 004): profile, growth and performance.

Each file shows what exists now and fills up as later capabilities land (self-assessment and anchors,
IDPs and badges, KPI ranks and talent reviews). Reads are scoped through org.selectors.
"""
import datetime
import importlib.util
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from agentpath.accounts import scoping
from agentpath.learning.models import CourseCompletion

from . import selectors
from .models import DisciplinaryRecord


def employee_files(user, employee_no: str, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    employee = selectors.employee_for(user, employee_no)
    completions = list(CourseCompletion.objects.filter(employee=employee).select_related("course")
                       .order_by("-completed_on"))
    year_ago = today - datetime.timedelta(days=365)
    credits_12m = sum((c.credits for c in completions if c.completed_on > year_ago), Decimal(0))
    total_credits = CourseCompletion.objects.filter(employee=employee).aggregate(s=Sum("credits"))["s"] or 0
    show_personal = scoping.can_see_personal_data(user, employee)
    files = {
        "employee": employee,
        "show_personal": show_personal,
        "phone": employee.phone if show_personal else scoping.mask(employee.phone),
        "id_number": employee.id_number if show_personal else scoping.mask(employee.id_number, 4, 2),
        "email": employee.email if show_personal else scoping.mask(employee.email, 2, 4),
        "tenure_months": selectors.tenure_months(employee, today),
        "months_in_level": selectors.months_in_level(employee, today),
        "events": list(selectors.events_of(employee)),
        "completions": completions,
        "credits_12m": credits_12m,
        "total_credits": total_credits,
        "discipline": list(DisciplinaryRecord.objects.filter(employee=employee)),
        "nominations": list(employee.nominations.select_related("transition__to_level", "nominated_by")),
        "performance": None,
    }
    # The KPI file (issue #3) plugs in here when the performance app provides its summary.
    if importlib.util.find_spec("agentpath.performance.selectors"):
        from agentpath.performance import selectors as perf

        if hasattr(perf, "performance_summary_for"):
            files["performance"] = perf.performance_summary_for(user, employee)
    return files
