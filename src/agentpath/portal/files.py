"""The three files of one person (员工三份档案, seed 004): profile, growth and performance.

Each file shows what exists now and fills up as later capabilities land (self-assessment and anchors,
IDPs and badges, KPI ranks and talent reviews). Reads are scoped through org.selectors.
"""
import datetime
from decimal import Decimal

from django.utils import timezone

from agentpath.common.calendar import last_months
from agentpath.learning import selectors as learning_selectors
from agentpath.org import scoping, selectors
from agentpath.performance.selectors import performance_summary_for


def employee_files(user, employee_no: str, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    employee = selectors.employee_for(user, employee_no, today)
    completions = learning_selectors.completions_of(employee)
    last_12_months = last_months(today, 12)
    credits_12m = sum((c.credits for c in completions if c.completed_on in last_12_months), Decimal(0))
    total_credits = sum((c.credits for c in completions), Decimal(0))
    personal = scoping.personal_data(user, employee)
    return {
        "employee": employee,
        "show_personal": not personal["masked"],
        "phone": personal["phone"],
        "id_number": personal["id_number"],
        "email": personal["email"],
        "tenure_months": selectors.tenure_months(employee, today),
        "months_in_level": selectors.months_in_level(employee, today),
        "uncounted_leave_days": employee.uncounted_leave_days or 0,
        "events": list(selectors.events_of(employee)),
        "completions": completions,
        "credits_12m": credits_12m,
        "total_credits": total_credits,
        "discipline": selectors.discipline_of(employee),
        "nominations": list(employee.nominations.select_related("transition__to_level", "nominated_by")),
        "performance": performance_summary_for(user, employee),
    }
