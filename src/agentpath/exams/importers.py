"""Question bank import from CSV or XLSX, with a template and the usual row report (common.spreadsheets).

Every row is validated first; a file with any bad row stores nothing unless skip_bad_rows. A known code whose
wording, options, key, explanation or points differ gets a new version (papers keep the old one); topic,
difficulty and status update in place. Re-importing the same file changes nothing.
"""
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from agentpath.common.rows import in_chunks
from agentpath.common.spreadsheets import ImportReport, RowError, check_upload, read_table, xlsx_response

from .models import Question, QuestionVersion

OPTION_LETTERS = "ABCDEF"
# field: (template header, accepted aliases)
COLUMNS = {
    "code": ("编号", ("code", "题号", "试题编号")),
    "topic": ("主题", ("topic", "知识点", "题目类别")),
    "difficulty": ("难度", ("difficulty",)),
    "kind": ("题型", ("type", "kind", "question type")),
    "text": ("题干", ("text", "question", "题目")),
    **{f"option_{x}": (f"选项{x}", (f"option {x}", f"option_{x.lower()}", f"option_{x}", x)) for x in OPTION_LETTERS},
    "answer": ("答案", ("answer", "answer key", "正确答案")),
    "explanation": ("解析", ("explanation", "答案解析")),
    "points": ("分值", ("points", "score", "分数")),
    "status": ("状态", ("status",)),
}
REQUIRED = ("code", "topic", "difficulty", "kind", "text", "answer", "status")
KINDS = {"单选": "single", "单选题": "single", "single": "single", "多选": "multiple", "多选题": "multiple",
         "multiple": "multiple", "判断": "true_false", "判断题": "true_false", "true_false": "true_false",
         "true/false": "true_false", "简答": "short", "简答题": "short", "short": "short"}
STATUSES = {"草稿": "draft", "draft": "draft", "可用": "ready", "ready": "ready", "停用": "retired",
            "retired": "retired"}
TRUE_FALSE = {"对": "true", "正确": "true", "true": "true", "t": "true", "错": "false", "错误": "false",
              "false": "false", "f": "false"}
TEMPLATE_EXAMPLE = ["Q001", "业务知识", "1", "单选", "客户来电查询话费,首先应当核实什么?", "客户身份", "套餐名称",
                    "来电时间", "", "", "", "A", "先核实身份,保护客户信息。", "1", "可用"]


def _header_map(headers) -> dict:
    wanted = {}
    for field, (header, aliases) in COLUMNS.items():
        for h in headers:
            if h == header or h.lower() in {a.lower() for a in aliases}:
                wanted[field] = h
                break
    return wanted


def parse_row(line: int, row: dict) -> tuple[dict | None, list[RowError]]:
    """One row as question fields, or the errors naming column, value and what is accepted."""
    errors = []

    def err(field, value, reason):
        errors.append(RowError(line, COLUMNS[field][0], value, reason))

    for field in REQUIRED:
        if not row.get(field):
            err(field, "", _("is required"))
    if errors:
        return None, errors
    kind = KINDS.get(row["kind"].lower())
    if kind is None:
        err("kind", row["kind"], _("accepted: 单选, 多选, 判断, 简答"))
    status = STATUSES.get(row["status"].lower())
    if status is None:
        err("status", row["status"], _("accepted: 草稿, 可用, 停用"))
    if row["difficulty"] not in ("1", "2", "3"):
        err("difficulty", row["difficulty"], _("accepted: 1, 2 or 3"))
    points = row.get("points") or "1"
    if not points.isdigit() or not 1 <= int(points) <= 100:
        err("points", points, _("a whole number from 1 to 100"))
    options = [row.get(f"option_{x}", "") for x in OPTION_LETTERS]
    while options and not options[-1]:
        options.pop()
    key = []
    if kind in ("single", "multiple"):
        if len(options) < 2 or "" in options:
            err("option_A", str(len(options)), _("choice questions need at least two options, A, B … without gaps"))
        key = sorted(set(re.sub(r"[\s,,、;;]", "", row["answer"].upper())))
        allowed = OPTION_LETTERS[:len(options)]
        if not key or any(k not in allowed for k in key) or (kind == "single" and len(key) != 1):
            err("answer", row["answer"], _("one letter of the options (single choice) or several (multiple "
                                           "choice), from %(letters)s") % {"letters": ", ".join(allowed)})
    elif kind == "true_false":
        value = TRUE_FALSE.get(row["answer"].lower())
        if value is None:
            err("answer", row["answer"], _("accepted: 对, 错"))
        key, options = [value], []
    elif kind == "short":
        key, options = [row["answer"]], []
    if errors:
        return None, errors
    return {"code": row["code"][:40], "topic": row["topic"][:80], "difficulty": int(row["difficulty"]),
            "kind": kind, "status": status, "text": row["text"], "options": options, "answer_key": key,
            "explanation": row.get("explanation", ""), "points": int(points)}, []


CONTENT = ("text", "options", "answer_key", "explanation", "points")


def import_questions_file(binary, name: str, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    report = ImportReport()
    headers, rows = read_table(binary, name, max_rows=settings.QUESTION_IMPORT_MAX_ROWS)
    mapping = _header_map(headers)
    missing = [COLUMNS[f][0] for f in REQUIRED if f not in mapping]
    if missing:
        report.add_errors([RowError(1, ", ".join(missing), "", _("the file needs these columns; download "
                                                                 "the template"))])
        return report
    parsed = {}
    for line, raw in rows:
        report.rows_read += 1
        fields, errors = parse_row(line, {f: raw.get(h, "") for f, h in mapping.items()})
        if fields and fields["code"] in parsed:
            errors = [RowError(line, COLUMNS["code"][0], fields["code"], _("appears twice in the file"))]
        report.add_errors(errors)
        if fields and not errors:
            parsed[fields["code"]] = fields
        if progress:
            progress(report.rows_read, None)
    if report.total_errors and not skip_bad_rows:
        return report
    report.skipped = report.rows_read - len(parsed)
    _store(parsed, report)
    report.stored = True
    return report


@transaction.atomic
def _store(parsed: dict, report: ImportReport) -> None:
    existing = {q.code: q for codes in in_chunks(parsed) for q in Question.objects.filter(code__in=codes)}
    latest, numbers = {}, {}
    for ids in in_chunks(q.pk for q in existing.values()):
        for v in QuestionVersion.objects.filter(question_id__in=ids).order_by("question_id", "number"):
            numbers[v.question_id] = v.number
            if v.center_id is None:  # compared with the shared wording; a key corrected for one center is not it
                latest[v.question_id] = v
    new_questions, changed_questions, new_versions = [], [], []
    for code, f in parsed.items():
        q = existing.get(code)
        if q is None:
            q = Question(code=code, topic=f["topic"], difficulty=f["difficulty"], kind=f["kind"], status=f["status"])
            new_questions.append((q, f))
            report.created += 1
            continue
        v = latest.get(q.pk)
        meta_changed = (q.topic, q.difficulty, q.kind, q.status) != (f["topic"], f["difficulty"], f["kind"],
                                                                     f["status"])
        content_changed = v is None or any(getattr(v, c) != f[c] for c in CONTENT)
        if meta_changed:
            q.topic, q.difficulty, q.kind, q.status = f["topic"], f["difficulty"], f["kind"], f["status"]
            changed_questions.append(q)
        if content_changed:
            new_versions.append(QuestionVersion(question=q, number=numbers.get(q.pk, 0) + 1,
                                                **{c: f[c] for c in CONTENT}))
        if meta_changed or content_changed:
            report.updated += 1
        else:
            report.unchanged += 1
    Question.objects.bulk_create([q for q, _f in new_questions])
    if new_questions and not new_questions[0][0].pk:
        ids = {code: pk for codes in in_chunks(q.code for q, _f in new_questions)
               for code, pk in Question.objects.filter(code__in=codes).values_list("code", "id")}
        for q, _f in new_questions:
            q.pk = ids[q.code]
    Question.objects.bulk_update(changed_questions, ["topic", "difficulty", "kind", "status"])
    new_versions += [QuestionVersion(question=q, number=1, **{c: f[c] for c in CONTENT}) for q, f in new_questions]
    QuestionVersion.objects.bulk_create(new_versions)


def import_questions_path(path, *, skip_bad_rows: bool = False, progress=None) -> ImportReport:
    """The CLI entry (common.importing): `agentpath import questions FILE [--skip-bad-rows]`."""
    path = Path(path)
    check_upload(path.name, path.stat().st_size)
    with path.open("rb") as binary:
        return import_questions_file(binary, path.name, skip_bad_rows=skip_bad_rows, progress=progress)


def import_questions_upload(upload, *, skip_bad_rows: bool = False) -> ImportReport:
    check_upload(upload.name, upload.size)
    upload.seek(0)
    return import_questions_file(upload, upload.name, skip_bad_rows=skip_bad_rows)


def template_response():
    return xlsx_response("questions-template.xlsx", [h for h, _a in COLUMNS.values()], [TEMPLATE_EXAMPLE],
                         sheet_title=_("questions"))
