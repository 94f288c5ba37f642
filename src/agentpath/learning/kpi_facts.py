"""The trainer scorecard's facts as period values of the performance metrics trainer_rating and trainer_pass_rate
(issue 18): set-based SQL over learning's own tables, registered with performance.derived in LearningConfig.ready
(performance sits below learning and never imports it)."""
from agentpath.accounts.models import User
from agentpath.common.calendar import Period

from .models import Attendance, Enrolment, StageResult, TrainingEvent, TrainingSession


def trainer_ratings(period: Period) -> tuple[str, list]:
    """A trainer's mean rating by trainees (reaction, level 1) over the sessions of their events that started in
    the period."""
    return (f"""SELECT u.employee_id, AVG(a.rating) AS value
        FROM {Attendance._meta.db_table} a
        JOIN {TrainingSession._meta.db_table} s ON s.id = a.session_id
        JOIN {TrainingEvent._meta.db_table} ev ON ev.id = s.event_id
        JOIN {User._meta.db_table} u ON u.id = ev.owner_id
        WHERE a.rating IS NOT NULL AND u.employee_id IS NOT NULL AND s.starts_at >= %s AND s.starts_at < %s
        GROUP BY u.employee_id""", [period.start, period.end])


def trainer_pass_rates(period: Period) -> tuple[str, list]:
    """Share of first attempts at a stage assessment passed (learning, level 2) by the trainer's enrolments, of
    attempts taken in the period."""
    return (f"""SELECT u.employee_id, 100.0 * AVG(CASE WHEN r.passed THEN 1.0 ELSE 0.0 END) AS value
        FROM {StageResult._meta.db_table} r
        JOIN {Enrolment._meta.db_table} en ON en.id = r.enrolment_id
        JOIN {User._meta.db_table} u ON u.id = en.trainer_id
        WHERE r.attempt = 1 AND u.employee_id IS NOT NULL AND r.taken_on >= %s AND r.taken_on < %s
        GROUP BY u.employee_id""", [period.start, period.end])
