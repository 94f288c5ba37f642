"""A partial index of the daily rows that carry the monthly exam score (performance.facts.exam_scores_index_sql):
the exam average a promotion requirement reads for a whole workforce no longer reads every daily row."""
from django.db import migrations

from agentpath.performance.facts import EXAM_METRIC, exam_scores_index_sql


def forward(apps, schema_editor):
    Metric = apps.get_model("performance", "Metric")
    exam = Metric.objects.filter(code=EXAM_METRIC).first()
    if exam is not None:  # HR may have removed it; load_default_metrics makes the index when it comes back
        schema_editor.execute(exam_scores_index_sql(schema_editor.connection.vendor, exam.slot))


def backward(apps, schema_editor):
    Metric = apps.get_model("performance", "Metric")
    exam = Metric.objects.filter(code=EXAM_METRIC).first()
    if exam is not None:
        schema_editor.execute(f"DROP INDEX IF EXISTS performance_kpiday_exam_v{exam.slot:02d}")


class Migration(migrations.Migration):
    dependencies = [("performance", "0002_per_day_worked_team_and_rank_log_ranks")]

    operations = [migrations.RunPython(forward, backward)]
