"""Question bank import from XLSX with the template and a row report; versions keep drawn papers intact."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agentpath.common.spreadsheets import xlsx_bytes
from agentpath.exams.drawing import schedule_exam
from agentpath.exams.importers import COLUMNS, import_questions_path
from agentpath.exams.models import PaperItem, Question
from tests.exams.conftest import NOW

pytestmark = pytest.mark.django_db
HEADERS = [h for h, _a in COLUMNS.values()]


def row(code, text="客户来电查询话费,首先应当核实什么?", kind="单选", answer="A", topic="业务知识", status="可用"):
    options = ["客户身份", "套餐名称", "来电时间", "", "", ""] if kind in ("单选", "多选") else [""] * 6
    return [code, topic, "1", kind, text, *options, answer, "先核实身份。", "1", status]


def write(tmp_path, rows, name="questions.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(HEADERS, rows))
    return path


def test_the_cli_imports_every_kind_of_question_from_xlsx(tmp_path, capsys):
    path = write(tmp_path, [row("Q1"), row("Q2", kind="多选", answer="A,C"), row("Q3", kind="判断", answer="对"),
                            row("Q4", kind="简答", answer="先道歉,再核实")])
    call_command("import", "questions", str(path))
    assert "新建 4" in capsys.readouterr().out
    assert dict(Question.objects.values_list("code", "kind")) == {
        "Q1": "single", "Q2": "multiple", "Q3": "true_false", "Q4": "short"}
    assert Question.objects.get(code="Q2").current.answer_key == ["A", "C"]


def test_a_bad_row_is_reported_with_line_column_and_value_and_nothing_is_stored(tmp_path):
    path = write(tmp_path, [row("Q1"), row("Q2", answer="E")])
    with pytest.raises(CommandError):
        call_command("import", "questions", str(path))
    assert not Question.objects.exists()

    report = import_questions_path(path)
    assert [(e.line, e.column, e.value) for e in report.errors] == [(3, "答案", "E")]


def test_editing_a_question_makes_a_new_version_and_a_drawn_paper_keeps_the_old_one(tmp_path, make_exam):
    import_questions_path(write(tmp_path, [row(f"Q{i}") for i in range(3)]))
    exam = make_exam(cells=(("业务知识", 1, 3),))
    schedule_exam(exam, seed=3, now=NOW)
    report = import_questions_path(write(tmp_path, [row("Q0", text="改过的题干")] + [row(f"Q{i}") for i in (1, 2)],
                                         name="again.xlsx"))
    assert (report.updated, report.unchanged) == (1, 2)
    assert Question.objects.get(code="Q0").current.text == "改过的题干"
    texts = set(PaperItem.objects.filter(paper__exam=exam).values_list("version__text", flat=True))
    assert texts == {"客户来电查询话费,首先应当核实什么?"}


def test_the_template_downloads_for_a_trainer(client_for, org):
    response = client_for(org.users["trainer"]).get("/exams/questions/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
