"""The award table writes one index fewer on each award (issue 20, docs/recognition.md "The award table's indexes"):
award_once leads with the person, so that it serves what the (employee, earned_on) index served (a person's wall,
points and leaderboard places, the cascade of a person's deletion) and that index goes; the award run's ON CONFLICT
names the same three columns.

And a partial index of the daily rows that carry a QA score, with the person and the score, for the QA-star rule
(recognition.rules.qa_streak): PostgreSQL reads the three months from the index alone instead of every daily row of
them (measured at 100,000 people: the rule's SELECT 1.46 s → 0.79 s; the index is 410 MB beside the table's 2.1 GB
and its 962 MB of indexes). It serves only the award run, so it is recognition's, as the attendance index of 0006;
the column is the QA metric's slot, so it is made when the metric exists (performance's 0002 makes the defaults)."""
from django.db import migrations, models

from agentpath.recognition.rules import QA_METRIC, qa_scores_index_sql


def qa_index_forward(apps, schema_editor):
    Metric = apps.get_model("performance", "Metric")
    qa = Metric.objects.filter(code=QA_METRIC).first()
    if qa is not None:  # HR may have removed it; the rule then reads the daily rows
        schema_editor.execute(qa_scores_index_sql(schema_editor.connection.vendor, qa.slot))


def qa_index_backward(apps, schema_editor):
    Metric = apps.get_model("performance", "Metric")
    qa = Metric.objects.filter(code=QA_METRIC).first()
    if qa is not None:
        schema_editor.execute(f"DROP INDEX IF EXISTS recognition_kpiday_qa_v{qa.slot:02d}")


class Migration(migrations.Migration):
    dependencies = [("recognition", "0006_attendance_by_session_index"),
                    ("performance", "0007_kpiresult_group_code_unindexed")]

    operations = [
        migrations.RemoveConstraint(model_name="award", name="award_once"),
        migrations.AddConstraint(model_name="award", constraint=models.UniqueConstraint(
            fields=("employee", "badge", "occasion"), name="award_once")),
        migrations.RemoveIndex(model_name="award", name="recognition_employe_472ec7_idx"),
        migrations.RunPython(qa_index_forward, qa_index_backward),
    ]
