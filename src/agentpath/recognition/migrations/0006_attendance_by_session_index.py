"""An index for the full-attendance badge (recognition.rules.full_attendance): the attendance of the month's
sessions, read by session with the person and the status, from the index alone. Without it PostgreSQL reads every
attendance row ever marked and hash-joins them with the month's sessions (measured at 10,000 people: the rule's
SELECT 264 ms with it read whole, 28 ms with this index; the attendance grows by a year's weeks every year while the
month's sessions do not). It serves only the award run, so it is recognition's (the table is learning's; the model
does not know it, as the exam scores' index of performance 0003)."""
from django.db import migrations

NAME = "recognition_attendance_by_session"


class Migration(migrations.Migration):
    dependencies = [("recognition", "0005_award_indexes_fewer"), ("learning", "0007_session_starts_at_index")]

    operations = [migrations.RunSQL(
        f"CREATE INDEX IF NOT EXISTS {NAME} ON learning_attendance (session_id, employee_id, status)",
        f"DROP INDEX IF EXISTS {NAME}")]
