"""The IDP fact of the team metric team_idp_agreed (issue 18): per person, 100 when an agreed IDP was decided
before the period's end, else 0; registered with performance.derived in DevelopmentConfig.ready. The team's value
is the mean over its members. No fact for team_idp_on_time: IDP actions record no completion date."""
from agentpath.common.calendar import Period
from agentpath.org.models import Employee

from .models import Idp


def idp_agreed(period: Period) -> tuple[str, list]:
    return (f"""SELECT e.id AS employee_id,
               CASE WHEN EXISTS (SELECT 1 FROM {Idp._meta.db_table} i WHERE i.employee_id = e.id
                                 AND i.state = %s AND i.decided_at < %s) THEN 100.0 ELSE 0.0 END AS value
        FROM {Employee._meta.db_table} e""", [Idp.State.AGREED, period.end])
