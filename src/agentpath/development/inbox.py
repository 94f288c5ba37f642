"""What the IDP agreement tells people through the inbox (issue 19): a submitted plan reaches the team leader,
an agreed or returned one the employee. Called by idp_services in the transaction of the decision."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agentpath.inbox import kinds, recipients
from agentpath.inbox.services import notify

from .selectors import supervisor_id_of

IDP_SUBMITTED, IDP_AGREED, IDP_RETURNED = "development.idp_submitted", "development.idp_agreed", \
    "development.idp_returned"


def register_kinds() -> None:
    kinds.register(IDP_SUBMITTED, _("{name} submitted version {version} of their development plan for your "
                                    "agreement"), audience=_("the team leader (a team leader's manager)"))
    kinds.register(IDP_AGREED, _("{leader} agreed version {version} of your development plan"),
                   audience=_("the employee"))
    kinds.register(IDP_RETURNED, _("{leader} returned version {version} of your development plan: {comment}"),
                   audience=_("the employee"))


def _idp_page(idp) -> str:
    return reverse("development:workspace", args=[idp.employee.employee_no]) + "#idp"


def idp_submitted(idp) -> int:
    """The person who agrees the plan today (the team leader; a team leader's manager) learns that it waits for
    them (once per submission)."""
    supervisor_id = supervisor_id_of(idp.employee)
    supervisor = recipients.person_user(supervisor_id) if supervisor_id else []
    return notify(recipients=supervisor, kind=IDP_SUBMITTED,
                  params={"name": idp.employee.name, "version": idp.version}, url=_idp_page(idp),
                  key=f"{IDP_SUBMITTED}:{idp.pk}:{idp.submitted_at.isoformat()}")


def idp_decided(idp) -> int:
    """The employee learns that the leader agreed or returned the plan (once per decision)."""
    kind = IDP_AGREED if idp.state == idp.State.AGREED else IDP_RETURNED
    leader = kinds.person_name(idp.decided_by)
    return notify(recipients=recipients.person_user(idp.employee), kind=kind,
                  params={"leader": leader, "version": idp.version, "comment": idp.leader_comment},
                  url=_idp_page(idp), key=f"{kind}:{idp.pk}:{idp.decided_at.isoformat()}")
