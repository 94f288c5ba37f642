"""Exports of a promotion round (issue 19): the committee's table as XLSX (the shared formula-safe writer,
common.spreadsheets; personal data masked by org.scoping as every export is) and the signed-off summary for the
minutes as a PDF (WeasyPrint, as the career-plan document). Both read the round as the user may see it
(talent.round_selectors.round_page): a team leader's export holds their team only."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agentpath.common.spreadsheets import xlsx_response
from agentpath.org import scoping

from . import round_selectors as selectors
from .models import TalentDecision


def export_headers() -> list[str]:
    return [_("Employee number"), _("Name"), _("Phone"), _("Team"), _("Level now"), _("Grade"), _("Promotion or grade step"),
            _("Target level"), _("Source"), _("All requirements met"), _("Unmet requirements"), _("Requirements"),
            _("Team leader's recommendation"), _("Team leader's note"), _("Manager's recommendation"),
            _("Manager's note"), _("Decision"), _("Reason"), _("Override (破格)"), _("Reason for the override"),
            _("Decided by"), _("Decided at")]


def requirement_text(checks: list[dict]) -> str:
    """Each requirement as ✔/✘ label actual (required), unmet first; an overridden one says 破格."""
    mark = {"met": "✔", "unmet": "✘", "unknown": "…"}
    return "; ".join(f"{mark[c['status']]} {c['label']} {c['actual']}（{c['description']}）"
                     + (" [破格]" if c.get("overridden") else "") for c in checks)


def _checks_of(row: dict) -> list[dict]:
    """The requirements a decided candidate was decided on (its frozen snapshot), else as they stand today."""
    standing = row["standing"]
    if standing is not None and standing.requirements_snapshot:
        return sorted(standing.requirements_snapshot, key=lambda c: selectors.CHECK_ORDER[c["status"]])
    return [{"status": c.status, "label": c.label, "actual": c.actual, "description": c.description}
            for c in row["checks"]]


def export_rows(user, rows: list[dict]) -> list[list]:
    out = []
    for row in rows:
        c, d = row["candidate"], row["standing"]
        checks = _checks_of(row)
        out.append([
            c.employee.employee_no, c.employee.name, scoping.personal_value(user, c.employee, "phone"),
            c.employee.team.name if c.employee.team else "", c.transition.from_level.display_name, c.employee.grade,
            row["move"], c.transition.to_level.display_name, c.get_source_display(),
            _("yes") if row["eligible"] else _("no"), sum(1 for ch in checks if ch["status"] != "met"),
            requirement_text(checks), c.get_tl_recommendation_display(), c.tl_note,
            c.get_manager_recommendation_display(), c.manager_note,
            d.get_outcome_display() if d else _("undecided"), d.reason if d else "",
            "破格" if d and d.override else "", d.override_reason if d else "",
            (d.decided_by.get_full_name() or d.decided_by.username) if d else "",
            d.decided_at.strftime("%Y-%m-%d %H:%M") if d else ""])
    return out


@require_safe
@login_required
def round_export_xlsx(request, pk):
    data = selectors.round_page(request.user, pk)
    rnd = data["round"]
    return xlsx_response(f"round-{rnd.center.code}-{rnd.period}.xlsx", export_headers(),
                         export_rows(request.user, data["rows"]), sheet_title=_("Promotion round"))


def minutes_context(user, pk) -> dict:
    """The summary for the minutes: quotas and their history, the round's counts, every decision with its reason
    (破格 marked, with its reason), the candidates left without a decision, and who signs."""
    data = selectors.round_page(user, pk)
    rows = data["rows"]
    deciders = {}
    for row in rows:
        d = row["standing"]
        if d is not None and d.outcome != TalentDecision.Outcome.NOT_DECIDED:
            deciders[d.decided_by_id] = d.decided_by
    return {**data, "decided": [r for r in rows if r["standing"] is not None],
            "undecided_rows": [r for r in rows if r["standing"] is None],
            "overrides": [r for r in rows if r["standing"] is not None and r["standing"].override],
            "quota_changes": [h for h in data["quota_history"] if h.had_quota],
            "signers": [data["round"].opened_by, *[u for pk_, u in deciders.items()
                                                  if pk_ != data["round"].opened_by_id]]}


@require_safe
@login_required
def round_minutes_pdf(request, pk):
    from weasyprint import HTML  # ~1.5 s to import: only when a PDF is printed (pyproject: allow-list)

    context = minutes_context(request.user, pk)
    with translation.override("zh-hans"):  # the minutes are Chinese whatever the screen language
        html = render_to_string("talent/round_minutes.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    rnd = context["round"]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="round-minutes-{rnd.center.code}-{rnd.period}.pdf"'
    return response
