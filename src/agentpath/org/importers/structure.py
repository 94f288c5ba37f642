"""Centers and teams from CSV or XLSX (`agentpath org import FILE`, the org import page): how a new customer
sets up their contact center without clicking through the admin (issue 11, "Setting up a real center").

One row per team, with its center; a row without a team code sets up a center alone. Every row is checked
first; a file with any bad row stores nothing unless skip_bad_rows. Centers and teams are matched by code:
new codes are created, known ones get the file's name, city and leader; re-importing the same file changes
nothing. A blank leader keeps the team's leader (clearing one is done in the admin). A team stays in the
center it was created in: org.history reads people's team and center as of each day, so a team never moves.
"""
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from agentpath.common import import_guard
from agentpath.common.rows import in_chunks
from agentpath.common.spreadsheets import (
    ImportReport,
    RowError,
    check_upload,
    read_table,
    safe_cell,
)

from ..models import Center, Employee, Team
from .columns import match_headers, norm

KIND = "org"  # the import_guard kind: one org import at a time
CODE = re.compile(r"^[-a-zA-Z0-9_]+$")  # Django's slug: what URLs and the roster file name centers and teams by


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Chinese header of the template
    aliases: tuple[str, ...]
    max_length: int


COLUMNS = [
    Column("center_code", "中心代码", ("center_code", "center code", "center", "中心编码", "中心"), 30),
    Column("center_name", "中心名称", ("center_name", "center name"), 100),
    Column("city", "城市", ("city", "所在城市"), 60),
    Column("team_code", "团队代码", ("team_code", "team code", "team", "团队编码", "班组代码"), 30),
    Column("team_name", "团队名称", ("team_name", "team name", "班组名称"), 100),
    Column("leader_no", "组长工号", ("leader_no", "leader", "team leader", "leader number", "班组长工号"), 20),
]
REQUIRED = ("center_code", "center_name")
BY_FIELD = {c.field: c for c in COLUMNS}
HEADER_MAP = {norm(alias): c.field for c in COLUMNS for alias in (c.header, c.field, *c.aliases)}
TEMPLATE_EXAMPLES = [["sz", "深圳客服中心", "深圳", "sz-a", "深圳一组", ""],
                     ["sz", "深圳客服中心", "深圳", "sz-b", "深圳二组", ""],
                     ["gz", "广州客服中心", "广州", "", "", ""]]


@dataclass
class OrgRow:
    line: int
    text: dict  # field -> stripped text ("" when blank or absent)
    headers: dict  # field -> header as in the file
    errors: list = field(default_factory=list)

    def error(self, name: str, reason: str, kind: str = "") -> None:
        self.errors.append(RowError(self.line, self.headers.get(name) or BY_FIELD[name].header,
                                    self.text.get(name, ""), reason, kind))


def resolve_headers(headers: list[str]) -> tuple[dict[str, str], list[RowError]]:
    """The file's header of each field (columns.match_headers, the check every import shares)."""
    return match_headers(headers, HEADER_MAP, [BY_FIELD[n] for n in REQUIRED],
                         ", ".join(f"{c.header}/{c.field}" for c in COLUMNS))


class OrgChecks:
    """The rules of an org file, against the centers, teams and leaders loaded once (a few queries)."""

    def __init__(self, rows: list[OrgRow]):
        self.centers = {c.code.lower(): c for c in Center.objects.all()}
        self.teams = {t.code.lower(): t for t in Team.objects.select_related("center")}
        leader_nos = {r.text["leader_no"] for r in rows if r.text.get("leader_no")}
        self.leaders = {e.employee_no: e for nos in in_chunks(leader_nos)
                        for e in Employee.objects.filter(employee_no__in=nos).select_related("center")}
        self.center_line: dict[str, OrgRow] = {}  # the first good row naming each center
        self.team_line: dict[str, int] = {}

    def check(self, row: OrgRow) -> None:
        t = row.text
        for col in COLUMNS:
            if len(t.get(col.field, "")) > col.max_length:
                row.error(col.field, _("Too long (%(n)s characters); at most %(max)s are accepted.")
                          % {"n": len(t[col.field]), "max": col.max_length}, kind=_("too long"))
        for name in REQUIRED:
            if not t.get(name):
                row.error(name, _("%(col)s is empty; it is required for every row.")
                          % {"col": row.headers.get(name) or BY_FIELD[name].header})
        for name in ("center_code", "team_code"):
            if t.get(name) and not CODE.fullmatch(t[name]):
                row.error(name, _("A code has letters, digits, “-” or “_” only (no spaces or Chinese), e.g. "
                                  "sz or sz-a."), kind=_("not a code"))
        self._center(row)
        self._team(row)

    def _center(self, row: OrgRow) -> None:
        code, t = row.text.get("center_code", "").lower(), row.text
        first = self.center_line.get(code)
        if first is None:
            if code and not row.errors:
                self.center_line[code] = row
            return
        for name in ("center_name", "city"):
            if t.get(name) and first.text.get(name) and t[name] != first.text[name]:
                row.error(name, _("Line %(line)s gives center %(code)s the %(col)s “%(other)s”; a center has one "
                                  "%(col)s, so write the same on every row of %(code)s.")
                          % {"line": first.line, "code": t["center_code"], "col": row.headers.get(name),
                             "other": first.text[name]}, kind=_("center described twice"))

    def _team(self, row: OrgRow) -> None:
        t = row.text
        code = t.get("team_code", "")
        if not code:
            for name in ("team_name", "leader_no"):
                if t.get(name):
                    row.error("team_code", _("The row names a team (%(value)s) without its team code; give the "
                                             "code, e.g. sz-a.") % {"value": t[name]}, kind=_("team without code"))
                    break
            return
        if not t.get("team_name"):
            row.error("team_name", _("The team %(code)s has no name; give its name, e.g. 深圳一组.")
                      % {"code": code})
        other = self.team_line.get(code.lower())
        if other is not None:
            row.error("team_code", _("Team %(code)s also appears on line %(line)s; each team may appear only once "
                                     "in a file.") % {"code": code, "line": other}, kind=_("repeated team code"))
        else:
            self.team_line[code.lower()] = row.line
        known = self.teams.get(code.lower())
        center_code = t.get("center_code", "")
        if known is not None and center_code and known.center.code.lower() != center_code.lower():
            row.error("center_code", _("Team %(team)s belongs to center %(center)s; a team stays in its center, as "
                                       "its people's history reads it. Give %(center)s, or a new team code for "
                                       "a team of %(new)s.")
                      % {"team": known.code, "center": known.center.code, "new": center_code},
                      kind=_("team in another center"))
        leader_no = t.get("leader_no", "")
        if leader_no:
            leader = self.leaders.get(leader_no)
            if leader is None:
                row.error("leader_no", _("No employee has number %(no)s. Import the roster first, then import this "
                                         "file again with the leaders (or leave the column empty).")
                          % {"no": leader_no}, kind=_("unknown leader"))
            elif center_code and leader.center.code.lower() != center_code.lower():
                row.error("leader_no", _("%(name)s (%(no)s) works in center %(theirs)s; a team's leader works in "
                                         "the team's center %(center)s.")
                          % {"name": leader.name, "no": leader_no, "theirs": leader.center.code,
                             "center": center_code}, kind=_("leader of another center"))


def import_org(headers: list[str], rows, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    """Check every row of a centers-and-teams file, then store it (all or nothing unless skip_bad_rows).
    created/updated/unchanged count centers and teams."""
    report = ImportReport()
    by_field, header_errors = resolve_headers(headers)
    if header_errors:
        report.add_errors(header_errors)
        return report
    parsed = [OrgRow(line, {name: raw.get(header, "").strip() for name, header in by_field.items()}, by_field)
              for line, raw in rows]
    report.rows_read = len(parsed)
    if not parsed:
        report.add_errors([RowError(1, "", "", _("The file has no rows below the header; nothing to import."))])
        return report
    checks = OrgChecks(parsed)
    for row in parsed:
        checks.check(row)
    bad = [r for r in parsed if r.errors]
    report.add_errors(e for r in bad for e in r.errors)
    if bad and not skip_bad_rows:
        return report
    report.skipped = len(bad)
    good = [r for r in parsed if not r.errors]
    with transaction.atomic():
        _store(good, checks, report)
    report.stored = True
    if progress:
        progress(len(parsed), len(parsed))
    return report


def _store(good: list[OrgRow], checks: OrgChecks, report: ImportReport) -> None:
    """Set-based: one INSERT of the new centers, one of the new teams, one UPDATE of each kind of change."""
    described: dict[str, tuple[str, str, str]] = {}  # center key -> code, name, city (the first city given)
    for row in good:
        t, key = row.text, row.text["center_code"].lower()
        code, name, city = described.get(key, (t["center_code"], t["center_name"], ""))
        described[key] = (code, name, city or t.get("city", ""))
    centers, new_centers, changed_centers = dict(checks.centers), [], []
    for key, (code, name, city) in described.items():
        center = centers.get(key)
        if center is None:
            centers[key] = Center(code=code, name=name, city=city)
            new_centers.append(centers[key])
        elif (name, city or center.city) != (center.name, center.city):
            center.name, center.city = name, city or center.city
            changed_centers.append(center)
        else:
            report.unchanged += 1
    Center.objects.bulk_create(new_centers)  # sets their ids (PostgreSQL; SQLite from 3.35)
    Center.objects.bulk_update(changed_centers, ["name", "city"])
    report.created += len(new_centers)
    report.updated += len(changed_centers)
    new_teams, changed_teams = [], []
    for row in good:
        t = row.text
        if not t.get("team_code"):
            continue
        leader = checks.leaders.get(t["leader_no"]) if t.get("leader_no") else None
        team = checks.teams.get(t["team_code"].lower())
        if team is None:
            new_teams.append(Team(code=t["team_code"], name=t["team_name"], center=centers[t["center_code"].lower()],
                                  leader=leader))
        elif team.name != t["team_name"] or (leader is not None and team.leader_id != leader.pk):
            team.name, team.leader_id = t["team_name"], leader.pk if leader is not None else team.leader_id
            changed_teams.append(team)
        else:
            report.unchanged += 1
    Team.objects.bulk_create(new_teams)
    Team.objects.bulk_update(changed_teams, ["name", "leader"])
    report.created += len(new_teams)
    report.updated += len(changed_teams)


def _guarded(binary, name: str, *, user, skip_bad_rows: bool, progress) -> ImportReport:
    """One org import at a time (ImportBusy otherwise); the run is recorded; every error is kept for download."""
    with import_guard.guarded(KIND, user=user, file_name=name) as run:
        return import_guard.import_file(run, user, lambda: import_org(
            *read_table(binary, name, max_rows=settings.ORG_IMPORT_MAX_ROWS), skip_bad_rows=skip_bad_rows,
            progress=progress))


def import_org_path(path, *, skip_bad_rows: bool = False, progress=None, user=None) -> ImportReport:
    """The CLI entry: `agentpath org import FILE` (also `agentpath import org FILE`)."""
    path = Path(path)
    check_upload(path.name, path.stat().st_size)
    with path.open("rb") as binary:
        return _guarded(binary, path.name, user=user, skip_bad_rows=skip_bad_rows, progress=progress)


def import_org_upload(upload, *, user=None, skip_bad_rows: bool = False) -> ImportReport:
    """For the page: an uploaded file, refused by type or size before it is parsed."""
    check_upload(upload.name, upload.size)
    upload.seek(0)
    return _guarded(upload, upload.name, user=user, skip_bad_rows=skip_bad_rows, progress=None)


def org_template_bytes() -> bytes:
    """The template: the Chinese headers with example rows (the installation's own centers and teams when there
    are any, so the file can be edited and imported back), and a sheet explaining each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("centers and teams")
    ws.append([c.header for c in COLUMNS])
    teams = list(Team.objects.select_related("center", "leader").order_by("center__code", "code"))
    rows = [[t.center.code, t.center.name, t.center.city, t.code, t.name, t.leader.employee_no if t.leader else ""]
            for t in teams]
    rows += [[c.code, c.name, c.city, "", "", ""] for c in Center.objects.exclude(pk__in=Team.objects.values("center_id"))]
    for row in rows or TEMPLATE_EXAMPLES:
        ws.append([safe_cell(v) for v in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for letter in "ABCDEF":
        ws.column_dimensions[letter].width = 18
    notes = wb.create_sheet(_("columns"))
    notes.append([_("column"), _("required"), _("what it holds")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    explained = {
        "center_code": _("the center's code: letters, digits, “-” or “_”, e.g. sz"),
        "center_name": _("the center's name, the same on every row of the center"),
        "city": _("where the center is"),
        "team_code": _("the team's code, unique across centers, e.g. sz-a; empty on a row that sets up a center "
                       "alone"),
        "team_name": _("the team's name"),
        "leader_no": _("the team leader's employee number; import the roster first, then this file again with "
                       "the leaders"),
    }
    for col in COLUMNS:
        notes.append([f"{col.header} / {col.field}", _("yes") if col.field in REQUIRED else _("no"),
                      explained[col.field]])
    notes.column_dimensions["A"].width, notes.column_dimensions["C"].width = 24, 80
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["import_org", "import_org_path", "import_org_upload", "org_template_bytes"]
