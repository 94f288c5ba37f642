"""The roster file's columns and cell formats: headers (Chinese, English, aliases), choices, dates.

One row of the file becomes a RosterRow: the raw text per field, the parsed values, the errors found.
"""
import datetime
import re
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from agentpath.common.spreadsheets import RowError

from ..models import Employee


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Chinese header of the template
    aliases: tuple[str, ...]
    required: bool = False
    max_length: int | None = None


COLUMNS = [
    Column("employee_no", "工号", ("employee_no", "employee number", "员工工号", "员工编号"), True, 20),
    Column("name", "姓名", ("name", "employee name", "员工姓名"), True, 60),
    Column("center", "中心", ("center", "centre", "center code", "所属中心"), True),
    Column("team", "团队", ("team", "team code", "班组", "组别", "所属团队")),
    Column("position", "职位", ("position", "position code", "岗位")),
    Column("level", "职级", ("level", "level code"), True),
    Column("grade", "职等", ("grade",), True),
    Column("hire_date", "入职日期", ("hire_date", "hire date", "入职时间"), True),
    Column("manager_no", "直属上级工号", ("manager_no", "manager number", "manager", "上级工号", "直属上级")),
    Column("education", "学历", ("education",)),
    Column("status", "状态", ("status", "在职状态", "员工状态")),
    Column("phone", "手机", ("phone", "mobile", "手机号", "手机号码", "电话"), max_length=30),
    Column("id_number", "身份证号", ("id_number", "id number", "身份证", "身份证号码"), max_length=30),
    Column("email", "邮箱", ("email", "e-mail", "电子邮箱", "邮件"), max_length=254),
    Column("exit_date", "离职日期", ("exit_date", "exit date", "离职时间")),
    Column("exit_type", "离职类型", ("exit_type", "exit type", "voluntary", "主动/被动", "离职性质")),
    Column("exit_reason", "离职原因", ("exit_reason", "exit reason", "reason code", "离职原因代码")),
]
REQUIRED_FIELDS = {c.field for c in COLUMNS if c.required}
BY_FIELD = {c.field: c for c in COLUMNS}
# Columns an export adds that an import may carry back and ignores (tenure is computed, never imported).
IGNORED_HEADERS = {"司龄(月)", "司龄", "tenure (months)", "tenure_months", "tenure"}
PERSONAL_FIELDS = ("name", "education", "phone", "id_number", "email", "hire_date")
# The template's example row: its employee number starts with EXAMPLE_MARK, so a template uploaded with the
# example left in imports nothing from it (rules.is_example); the person is the one of the user guide.
EXAMPLE_MARK = "示例"
TEMPLATE_EXAMPLE = [f"{EXAMPLE_MARK}E10001", "张三", "sz", "sz-a", "agent", "mgmt-agent", "8", "2024-03-01",
                    "E00001", "本科", "在职", "13800138000", "440301199001011234", "zhangsan@example.com", "", "", ""]


def norm(text: str) -> str:
    return re.sub(r"[\s_\-()（）]+", "", (text or "").strip().lower())


def _header_map() -> dict[str, str]:
    mapping = {}
    for col in COLUMNS:
        for alias in (col.header, col.field, *col.aliases):
            mapping[norm(alias)] = col.field
    return mapping


HEADER_MAP = _header_map()
IGNORED = {norm(h) for h in IGNORED_HEADERS}


def _choice_aliases(choices) -> dict[str, str]:
    """Accept a choice's code, its Chinese label and its English label (any case)."""
    aliases = {}
    for value, label in choices:
        aliases[norm(value)] = value
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                aliases[norm(str(label))] = value
    return aliases


EXTRA_STATUS = {"在职": "active", "在岗": "active", "正式": "active", "试用": "active", "休假": "leave",
                "请假": "leave", "停薪留职": "leave", "离职": "exited", "已离职": "exited"}
EXTRA_EDUCATION = {"高中": "high_school", "中专": "high_school", "职高": "high_school", "大专": "vocational",
                   "专科": "vocational", "本科": "bachelor", "学士": "bachelor", "硕士": "master",
                   "研究生": "master", "博士": "master"}


def status_values() -> dict[str, str]:
    return {**_choice_aliases(Employee.Status.choices), **{norm(k): v for k, v in EXTRA_STATUS.items()}}


def education_values() -> dict[str, str]:
    return {**_choice_aliases(Employee.Education.choices), **{norm(k): v for k, v in EXTRA_EDUCATION.items()}}


DATE_PATTERNS = [re.compile(p) for p in (
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$",
    r"^(\d{4})/(\d{1,2})/(\d{1,2})(?: \d{1,2}:\d{2}(?::\d{2})?)?$",
    r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$",
    r"^(\d{4})年(\d{1,2})月(\d{1,2})日$",
)]
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def parse_date(text: str) -> datetime.date | None:
    """YYYY-MM-DD, YYYY/MM/DD (also 2024.03.01, 2024年3月1日) or an Excel date serial number; None if not."""
    text = text.strip()
    for pattern in DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                return datetime.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return None
    if re.fullmatch(r"\d{4,5}(\.0+)?", text):  # an Excel date cell formatted as a number
        serial = int(float(text))
        if 10000 <= serial <= 80000:  # 1927..2119: plausible hire dates only
            return EXCEL_EPOCH + datetime.timedelta(days=serial)
    return None


def examples(items, limit: int = 8) -> str:
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (" …" if len(items) > limit else "")

FIELDS = [c.field for c in COLUMNS]
FIELD_INDEX = {name: i for i, name in enumerate(FIELDS)}
# Columns whose values repeat from row to row: one string object per distinct value keeps a big file small.
REPEATING = {"center", "team", "position", "level", "grade", "hire_date", "manager_no", "education", "status",
             "exit_date", "exit_type", "exit_reason"}


@dataclass(slots=True)
class RosterRow:
    line: int
    cells: tuple  # the text of each field, in FIELDS order ("" when blank or when the file has no such column)
    headers: dict  # field -> header as in the file; one dict shared by every row of the file
    values: dict = field(default_factory=dict)  # field -> parsed value, only for non-blank cells
    errors: list = field(default_factory=list)

    @classmethod
    def reader(cls, headers: dict):
        """A function making rows from read_table's {header: text}, sharing the strings that repeat."""
        present = [(FIELD_INDEX[name], header, name in REPEATING) for name, header in headers.items()]
        seen: dict[str, str] = {}

        def make(line: int, raw: dict) -> "RosterRow":
            cells = [""] * len(FIELDS)
            for index, header, repeating in present:
                text = raw.get(header, "").strip()
                cells[index] = seen.setdefault(text, text) if repeating else text
            return cls(line, tuple(cells), headers)

        return make

    def header(self, name: str) -> str:
        return self.headers.get(name) or BY_FIELD[name].header

    def text(self, name: str) -> str:
        return self.cells[FIELD_INDEX[name]]

    def error(self, name: str, reason: str, value: str | None = None, kind: str = ""):
        """An error in column `name`; `kind` names the rule when the reason carries the row's particulars."""
        self.errors.append(RowError(self.line, self.header(name), self.text(name) if value is None else value,
                                    reason, kind))


def match_headers(headers: list[str], header_map: dict[str, str], required: list, accepted: str,
                  ignored=frozenset()) -> tuple[dict[str, str], list[RowError]]:
    """The file's header of each field (header_map: normalised header or alias -> field); every unknown,
    repeated or missing column is an error on line 1. `required`: the required columns (each with its header and
    field) in the template's order; `accepted`: the columns an unknown one is told of; `ignored`: normalised
    headers passed over. The one header check of every import (roster, centers and teams, training)."""
    by_field, errors = {}, []
    for header in headers:
        key = norm(header)
        if not key or key in ignored:
            continue
        name = header_map.get(key)
        if name is None:
            errors.append(RowError(1, header, header, _("Unknown column. Accepted columns: %(cols)s.")
                                   % {"cols": accepted}))
        elif name in by_field:
            errors.append(RowError(1, header, header, _("This column repeats column %(other)s; keep one of them.")
                                   % {"other": by_field[name]}))
        else:
            by_field[name] = header
    for col in required:
        if col.field not in by_field:
            errors.append(RowError(1, col.header, "", _(
                "The required column %(col)s (or %(en)s) is missing. Required columns: %(req)s.")
                % {"col": col.header, "en": col.field, "req": "、".join(c.header for c in required)}))
    return by_field, errors


def resolve_headers(headers: list[str]) -> tuple[dict[str, str], list[RowError]]:
    """Map the roster file's headers to fields (match_headers)."""
    return match_headers(headers, HEADER_MAP, [c for c in COLUMNS if c.required],
                         examples([c.header for c in COLUMNS] + [c.field for c in COLUMNS], limit=100), IGNORED)
