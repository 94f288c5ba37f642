"""The roster template: the Chinese headers, one example row (marked 示例, never imported), and a sheet of every
valid code, the exit types and reasons included."""
import io

from django.utils.translation import gettext as _

from agentpath.careers.models import Level, Position, Track
from agentpath.common.spreadsheets import safe_cell

from .. import exits
from ..models import Center, Employee, Team
from .columns import COLUMNS, TEMPLATE_EXAMPLE


def _template_example() -> list[str]:
    """The example row uses real codes of this installation where there are any."""
    example = list(TEMPLATE_EXAMPLE)
    team = Team.objects.select_related("center").first()
    if team is not None:
        example[2], example[3] = team.center.code, team.code
    position = Position.objects.select_related("level").filter(code="agent").first() or \
        Position.objects.select_related("level").first()
    if position is not None:
        example[4], example[5], example[6] = position.code, position.level.code, str(position.level.grade_max)
    example[8] = Employee.objects.values_list("employee_no", flat=True).first() or ""
    return example


def roster_template_bytes() -> bytes:
    """The template: the Chinese headers with one example row, and a sheet of every valid code."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("roster")
    ws.append([c.header for c in COLUMNS])
    ws.append([safe_cell(v) for v in _template_example()])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = 16 if col.field != "id_number" else 22
    ws.cell(2, 1).comment = Comment(_("The example row: its number begins with 示例, so it is never imported. "
                                      "Write your people below it or in its place."), "AgentPath")
    codes = wb.create_sheet(_("valid codes"))
    codes.append([_("kind"), _("code"), _("name"), _("belongs to"), _("grade band")])
    for cell in codes[1]:
        cell.font = Font(bold=True)
    for center in Center.objects.order_by("code"):
        codes.append([_("center"), center.code, safe_cell(center.name), "", ""])
    for team in Team.objects.select_related("center").order_by("center__code", "code"):
        codes.append([_("team"), team.code, safe_cell(team.name), team.center.code, ""])
    tracks = {t.id: t for t in Track.objects.all()}
    for level in Level.objects.order_by("track__order", "order"):
        codes.append([_("level"), level.code, safe_cell(level.name), safe_cell(tracks[level.track_id].name),
                      level.grade_band])
    for position in Position.objects.select_related("level"):
        codes.append([_("position"), position.code, safe_cell(position.name), position.level.code, ""])
    for label, choices in ((_("status"), Employee.Status.choices), (_("education"), Employee.Education.choices)):
        for value, text in choices:
            codes.append([label, value, str(text), "", ""])
    for kind, words in exits.TYPE_ALIASES.items():
        codes.append([_("exit type"), kind, words[1], "", ""])
    for reason in exits.REASONS:
        codes.append([_("exit reason"), reason.code, reason.word,
                      exits.TYPE_WORDS.get(reason.kind, "") if reason.kind else "", ""])
    for letter, width in zip("ABCDE", (10, 24, 28, 24, 10), strict=True):
        codes.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
