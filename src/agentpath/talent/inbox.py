"""What talent decisions tell people through the inbox (issue 19), each called by the service that decides, in
its transaction: a nomination reaches the nominee; a closed promotion round tells each candidate its standing
decision; an improvement step reaches the person; a 9-box move reaches HR and the center's managers, never the
person moved (the grid is the committee's working view, not a verdict to the person)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agentpath.inbox import kinds, recipients
from agentpath.inbox.services import Notice, notify, notify_many
from agentpath.org.models import Employee

from .models import TalentDecision

NOMINATED = "talent.nominated"
ROUND_OUTCOME = {TalentDecision.Outcome.APPROVE: "talent.round_approved",
                 TalentDecision.Outcome.REJECT: "talent.round_rejected",
                 TalentDecision.Outcome.DEFER: "talent.round_deferred",
                 TalentDecision.Outcome.NOT_DECIDED: "talent.round_not_decided"}
IMPROVEMENT_PLAN = "talent.improvement_plan"
IMPROVEMENT_PLAN_TEAM = "talent.improvement_plan_team"  # the person's team leader, who coaches the step
REVIEW_DECIDED = "talent.review_decided"
REVIEW_DECIDED_TEAM = "talent.review_decided_team"
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
    kinds.register(IMPROVEMENT_PLAN_TEAM, _("An improvement step is opened for {name} of your team: the mandatory "
                                            "training “{training}” and a re-assessment on {reassess_on}"),
                   audience=_("the person's team leader"))
    kinds.register(REVIEW_DECIDED, _("Bottom-rank review {quarters}: the outcome is {outcome}: {reason}"),
                   audience=_("the person"))
    kinds.register(REVIEW_DECIDED_TEAM, _("Bottom-rank review {quarters} of {name} of your team: the outcome is "
                                          "{outcome}: {reason}"), audience=_("the person's team leader"))
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
    """Each person with a newly opened improvement step learns its training and re-assessment date, and so does
    their team leader, who coaches it (once per review); set-based over a bottom-rank run."""
    reviews = list(reviews)
    ids = [r.employee_id for r in reviews]
    users, leaders = recipients.person_users(ids), recipients.leader_users(ids)
    url = reverse("learning:my-courses")
    names = dict(Employee.objects.filter(pk__in=ids).values_list("pk", "name"))

    def params(r):
        return {"training": kinds.bilingual(r.training), "reassess_on": r.reassess_on.isoformat()}

    return notify_many([
        *(Notice(users[r.employee_id], IMPROVEMENT_PLAN, params(r), url, f"{IMPROVEMENT_PLAN}:{r.pk}")
          for r in reviews if r.employee_id in users),
        *(Notice(leaders[r.employee_id], IMPROVEMENT_PLAN_TEAM, {**params(r), "name": names[r.employee_id]},
                 reverse("org:employee-detail", args=[r.employee.employee_no]), f"{IMPROVEMENT_PLAN_TEAM}:{r.pk}")
          for r in reviews if r.employee_id in leaders)])


def review_decided(review, decision) -> int:
    """The outcome of a bottom-rank review after a failed step (a demotion, a change of post, kept in post)
    reaches the person and their team leader today, with the reason, once per decision."""
    outcome = kinds.both_languages(TalentDecision.Outcome(decision.outcome).label)
    params = {"quarters": review.quarters.replace(",", ", "), "outcome": outcome, "reason": decision.reason}
    person = recipients.person_user(review.employee)
    sent = notify(recipients=person, kind=REVIEW_DECIDED, params=params, url=reverse("my-path"),
                  key=f"{REVIEW_DECIDED}:{decision.pk}")
    return sent + notify(recipients=[u for u in recipients.leader_user(review.employee) if u not in person],
                         kind=REVIEW_DECIDED_TEAM, params={**params, "name": review.employee.name},
                         url=reverse("org:employee-detail", args=[review.employee.employee_no]),
                         key=f"{REVIEW_DECIDED_TEAM}:{decision.pk}")


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
