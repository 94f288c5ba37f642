"""What talent decisions tell people through the inbox (issue 19), each called by the service that decides, in
its transaction: a nomination reaches the nominee; a closed promotion round tells each candidate its standing
decision; an improvement step reaches the person; a 9-box move reaches HR and the center's managers, never the
person moved (the grid is the committee's working view, not a verdict to the person)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agentpath.inbox import kinds, recipients
from agentpath.inbox.services import Notice, notify, notify_many

from .models import TalentDecision

NOMINATED = "talent.nominated"
ROUND_OUTCOME = {TalentDecision.Outcome.APPROVE: "talent.round_approved",
                 TalentDecision.Outcome.REJECT: "talent.round_rejected",
                 TalentDecision.Outcome.DEFER: "talent.round_deferred",
                 TalentDecision.Outcome.NOT_DECIDED: "talent.round_not_decided"}
IMPROVEMENT_PLAN = "talent.improvement_plan"
NINE_BOX_MOVE = "talent.nine_box_move"
BANDS = {0: "—", 1: _("low"), 2: _("medium"), 3: _("high")}  # 0: not placed before (no facts)


def register_kinds() -> None:
    kinds.register(NOMINATED, _("{by} nominated you for {level}: {reason}"), audience=_("the nominee"))
    kinds.register(ROUND_OUTCOME[TalentDecision.Outcome.APPROVE],
                   _("Promotion round {period}: your move to {level} is approved, effective {effective}"),
                   audience=_("the candidate"))
    kinds.register(ROUND_OUTCOME[TalentDecision.Outcome.REJECT],
                   _("Promotion round {period}: your move to {level} is not approved: {reason}"),
                   audience=_("the candidate"))
    kinds.register(ROUND_OUTCOME[TalentDecision.Outcome.DEFER],
                   _("Promotion round {period}: the decision on your move to {level} is deferred: {reason}"),
                   audience=_("the candidate"))
    kinds.register(ROUND_OUTCOME[TalentDecision.Outcome.NOT_DECIDED],
                   _("Promotion round {period} closed without a decision on your move to {level}: {reason}"),
                   audience=_("the candidate"))
    kinds.register(IMPROVEMENT_PLAN, _("An improvement step is opened for you: the mandatory training “{training}” "
                                       "and a re-assessment on {reassess_on}"), audience=_("the person"))
    kinds.register(NINE_BOX_MOVE, _("9-box {period}: {name} was moved from performance {from_performance} / "
                                    "potential {from_potential} to performance {to_performance} / potential "
                                    "{to_potential} by {by}: {reason}"),
                   audience=_("HR and the center's managers (never the person)"))


def nominated(nomination) -> int:
    """The nominee learns who nominated them for which level, and why (once per nomination)."""
    return notify(recipients=recipients.person_user(nomination.employee), kind=NOMINATED,
                  params={"by": kinds.person_name(nomination.nominated_by),
                          "level": kinds.bilingual(nomination.transition.to_level), "reason": nomination.reason},
                  url=reverse("my-path"), key=f"{NOMINATED}:{nomination.pk}")


def round_closed(rnd, standing) -> int:
    """Each candidate with a standing decision learns it when the round closes (a decision may still be reversed
    while the round decides); set-based over the round. `standing`: the round's standing TalentDecisions."""
    decisions = list(standing.select_related("candidate__transition__to_level"))
    users = recipients.person_users(d.candidate.employee_id for d in decisions)
    url = reverse("my-path")
    return notify_many(
        Notice(users[d.candidate.employee_id], ROUND_OUTCOME[d.outcome],
               {"period": rnd.period, "level": kinds.bilingual(d.candidate.transition.to_level),
                "effective": rnd.effective_date.isoformat(), "reason": d.reason},
               url, f"talent.round_outcome:{rnd.pk}:{d.candidate_id}")
        for d in decisions if d.candidate.employee_id in users)


def improvement_plans_opened(reviews) -> int:
    """Each person with a newly opened improvement step learns its training and re-assessment date (once per
    review); set-based over a bottom-rank run."""
    reviews = list(reviews)
    users = recipients.person_users(r.employee_id for r in reviews)
    url = reverse("learning:my-courses")
    return notify_many(
        Notice(users[r.employee_id], IMPROVEMENT_PLAN,
               {"training": kinds.bilingual(r.training), "reassess_on": r.reassess_on.isoformat()},
               url, f"{IMPROVEMENT_PLAN}:{r.pk}")
        for r in reviews if r.employee_id in users)


def nine_box_moved(move, placement, review) -> int:
    """HR and the managers of the person's center learn of a move in the meeting, except the one who moved and
    the person moved (who never receives it, whatever their role)."""
    person = set(recipients.person_user(placement.employee))
    audience = [u for u in recipients.managers_and_hr_of(placement.employee)
                if u != move.moved_by_id and u not in person]
    return notify(recipients=audience, kind=NINE_BOX_MOVE,
                  params={"period": review.period, "name": placement.employee.name,
                          "from_performance": kinds.both_languages(BANDS[move.from_performance]),
                          "from_potential": kinds.both_languages(BANDS[move.from_potential]),
                          "to_performance": kinds.both_languages(BANDS[move.to_performance]),
                          "to_potential": kinds.both_languages(BANDS[move.to_potential]),
                          "by": kinds.person_name(move.moved_by), "reason": move.reason},
                  url=reverse("talent:nine-box-detail", args=[review.pk]), key=f"{NINE_BOX_MOVE}:{move.pk}")
