from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import scoping
from .models import Role


def navigation(request):
    """The top navigation, built from what the user may open (links are hints; the server still checks)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    if user.employee_id:
        items.append((_("My path"), reverse("my-path"), "my-path"))
        items.append((_("My files"), reverse("org:employee-detail", args=[user.employee.employee_no]), "my-files"))
        items.append((_("My development"), reverse("development:workspace", args=[user.employee.employee_no]),
                      "development"))
    items.append((_("Career roadmap"), reverse("careers:roadmap"), "roadmap"))
    items.append((_("KPI"), reverse("performance:index"), "kpi"))
    if user.employee_id or scoping.can_manage_exams(user):
        items.append((_("Exams"), reverse("exams:index"), "exams"))
    items.append((_("Training"), reverse("learning:my-courses" if user.employee_id else "learning:courses"), "training"))
    if user.is_superuser or user.role in (Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.HR_ADMIN):
        items.append((_("Development plans"), reverse("development:team"), "development-team"))
    if scoping.can_browse_people(user):
        items.append((_("People"), reverse("org:employee-list"), "people"))
    if scoping.talent_center_ids_for(user) != []:
        items.append((_("Promotion rounds"), reverse("talent:round-list"), "rounds"))
    if scoping.can_decide_talent(user):
        items.append((_("Bottom-rank reviews"), reverse("talent:reviews"), "reviews"))
        items.append((_("Staffing ratios"), reverse("talent:staffing"), "staffing"))
        items.append((_("9-box reviews"), reverse("talent:nine-box-list"), "nine-box"))
        items.append((_("Succession"), reverse("talent:succession"), "succession"))
    if scoping.can_import_roster(user):
        items.append((_("Roster import"), reverse("org:roster-import"), "roster-import"))
        items.append((_("Admin"), reverse("admin:index"), "admin"))
    return {"nav_items": items, "can_see_personal": scoping.can_see_personal_data(user)}
