from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agentpath.accounts import services as account_services
from agentpath.accounts.models import Role
from agentpath.org import scoping


def navigation(request):
    """The top navigation, built from what the user may open (links are hints; the server still checks)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Home"), reverse("home"), "home")]
    if user.employee_id:
        items.append((_("My path"), reverse("my-path"), "my-path"))
        items.append((_("My files"), reverse("org:employee-detail", args=[user.employee.employee_no]), "my-files"))
        items.append((_("My development"), reverse("development:workspace", args=[user.employee.employee_no]),
                      "development"))
        items.append((_("Leaderboard"), reverse("recognition:leaderboard"), "leaderboard"))
    items.append((_("Career roadmap"), reverse("careers:roadmap"), "roadmap"))
    items.append((_("KPI"), reverse("performance:index"), "kpi"))
    if user.employee_id or scoping.can_manage_exams(user):
        items.append((_("Exams"), reverse("exams:index"), "exams"))
    items.append((_("Training"), reverse("learning:my-courses" if user.employee_id else "learning:courses"), "training"))
    if user.is_superuser or user.role in (Role.TEAM_LEADER, Role.CENTER_MANAGER, Role.HR_ADMIN):
        items.append((_("Development plans"), reverse("development:team"), "development-team"))
    if scoping.can_import_kpi(user):
        items.append((_("KPI import"), reverse("performance:import"), "kpi-import"))
    if scoping.can_browse_people(user):
        items.append((_("People"), reverse("org:employee-list"), "people"))
    if user.employee_id or scoping.supervises_people(user):
        items.append((_("Competency assessments"), reverse("talent:competencies"), "competencies"))
    if scoping.supervises_people(user):
        items.append((_("Potential ratings"), reverse("talent:potential"), "potential"))
        items.append((_("Flight risk"), reverse("analytics:risk"), "risk"))
        items.append((_("Early warnings"), reverse("analytics:alerts"), "alerts"))
    if scoping.talent_center_ids_for(user) != []:
        items.append((_("Promotion rounds"), reverse("talent:round-list"), "rounds"))
    if scoping.can_decide_talent(user):
        items.append((_("Bottom-rank reviews"), reverse("talent:reviews"), "reviews"))
        items.append((_("Staffing ratios"), reverse("talent:staffing"), "staffing"))
        items.append((_("9-box reviews"), reverse("talent:nine-box-list"), "nine-box"))
        items.append((_("Succession"), reverse("talent:succession"), "succession"))
        items.append((_("Retention"), reverse("analytics:retention"), "retention"))
        items.append((_("NPS and FCR"), reverse("analytics:nps-fcr"), "nps-fcr"))
        items.append((_("Training effectiveness"), reverse("analytics:training-effect"), "training-effect"))
    if scoping.can_import_roster(user):
        items.append((_("Roster import"), reverse("org:roster-import"), "roster-import"))
        items.append((_("Badge awards"), reverse("recognition:runs"), "badge-awards"))
        items.append((_("Admin"), reverse("admin:index"), "admin"))
    if account_services.can_lift_lockouts(user):
        items.append((_("Sign-in lockouts"), reverse("sign-in-lockouts"), "sign-in-lockouts"))
    return {"nav_items": items, "nav_menu": nav_menu(items), "can_see_personal": scoping.can_see_personal_data(user),
            "breadcrumbs": breadcrumbs(request)}


# The top bar fits one line at 1440 px for every role: these items sit in dropdowns (group label, members);
# an item whose key is in no group stays a top-level link.
_NAV_GROUPS = [
    ("me", _("Me"), ("my-path", "my-files", "development", "leaderboard")),
    ("learning", _("Learning"), ("training", "exams")),
    ("talent", _("Talent"), ("development-team", "rounds", "reviews", "staffing", "nine-box", "succession",
                             "retention", "nps-fcr", "training-effect", "risk", "alerts")),
    ("data", _("Data and admin"), ("kpi-import", "roster-import", "badge-awards", "admin", "sign-in-lockouts")),
]


def nav_menu(items) -> list[dict]:
    """The nav items as the bar shows them: the top-level links, then the dropdown groups (in _NAV_GROUPS
    order); a group with one item is shown as a plain link."""
    group_of = {key: (code, label) for code, label, keys in _NAV_GROUPS for key in keys}
    menu, groups = [], {}
    for label, url, key in items:
        if key not in group_of:
            menu.append({"label": label, "url": url, "key": key, "items": None})
            continue
        code, group_label = group_of[key]
        if code not in groups:
            groups[code] = {"label": group_label, "key": code, "url": None, "items": [], "keys": set()}
        groups[code]["items"].append({"label": label, "url": url, "key": key})
        groups[code]["keys"].add(key)
    menu += [groups[code] for code, _label, _keys in _NAV_GROUPS if code in groups]
    return [entry if entry["items"] is None or len(entry["items"]) > 1 else {**entry["items"][0], "items": None}
            for entry in menu]


# Where each page sits: its parents (label, URL name) below Home; the page itself is named by its URL argument.
_PARENTS = {
    "my-path": [], "employee-path": [(_("People"), "org:employee-list")],
    "careers:roadmap": [], "careers:level-detail": [(_("Career roadmap"), "careers:roadmap")],
    "org:employee-list": [], "org:employee-detail": [(_("People"), "org:employee-list")],
    "org:roster-import": [(_("People"), "org:employee-list")],
    "org:org-import": [(_("People"), "org:employee-list"), (_("Roster import"), "org:roster-import")],
    "learning:import": [(_("Training"), "learning:courses")],
    "learning:import-status": [(_("Training"), "learning:courses"),
                               (_("Import completions or attendance"), "learning:import")],
    "performance:employee": [(_("KPI"), "performance:index")], "performance:team": [(_("KPI"), "performance:index")],
    "performance:center": [(_("KPI"), "performance:index")], "performance:import": [(_("KPI"), "performance:index")],
    "performance:import-status": [(_("KPI"), "performance:index"), (_("KPI import"), "performance:import")],
}
_TITLES = {"my-path": _("My path"), "employee-path": _("Path"), "careers:roadmap": _("Career roadmap"),
           "org:employee-list": _("People"), "org:roster-import": _("Roster import"),
           "performance:import": _("KPI import"), "org:org-import": _("Centers and teams import"),
           "learning:import": _("Import completions or attendance"), "learning:import-status": _("Training import")}


def breadcrumbs(request) -> list[tuple[str, str | None]]:
    """Home › parents › this page, for every page below the top level (empty on the home page)."""
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else None
    if name not in _PARENTS:
        return []
    trail = [(_("Home"), reverse("home"))] + [(label, reverse(url)) for label, url in _PARENTS[name]]
    if name == "employee-path":
        no = match.kwargs["employee_no"]
        trail.append((no, reverse("org:employee-detail", args=[no])))
    title = _TITLES.get(name) or next(iter(match.kwargs.values()), "")
    return [*trail, (title, None)]
