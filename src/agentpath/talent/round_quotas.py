"""The quotas of a promotion round (issue 18 "Rounds that cover the transitions people are in").

A level's quota comes from the center's staffing ratio where one exists for it (talent.staffing: team leaders,
QA, trainers, schedulers) and otherwise from the manager, per target level, when opening the round: a number of
slots, or no limit with the reason why. A quota is changed while the round is open or deciding, with a reason;
every setting and change is kept (QuotaChange), never edited.
"""
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from agentpath.careers.models import Level, Transition
from agentpath.common.errors import Conflict, Invalid
from agentpath.org.models import Employee

from . import duties
from .models import PromotionRound, QuotaChange, RoundQuota, TalentDecision
from .staffing import staffing_for

S = PromotionRound.State
Source = RoundQuota.Source


@dataclass(frozen=True)
class QuotaEntry:
    """A quota the manager sets for one target level: `slots`, or None for no limit (then `reason` is required)."""

    slots: int | None
    reason: str = ""


def staffing_quotas(center) -> dict[str, dict]:
    """The slots the center's staffing ratios open, for each level a ratio covers (zero where there is no gap):
    {level code: {"slots", "reason"}}."""
    out = {}
    for line in staffing_for(center)["lines"]:
        out[line["level_code"]] = {"slots": line["slots"], "reason": _(
            "Staffing ratio: %(label)s %(actual)s, at least %(needed)s needed (1 per %(low)s–%(high)s agents)")
            % {"label": line["label"], "actual": line["actual"], "needed": line["needed_min"], "low": line["low"],
               "high": line["high"]}}
    return out


def target_levels(kind: str) -> list[Level]:
    """The levels a round of this kind can move people into (a grade step takes no slot of a level)."""
    if kind == PromotionRound.Kind.ANNUAL_REVIEW:
        return []
    return list(Level.objects.filter(transitions_in__kind=Transition.Kind.PROMOTION).distinct()
                .select_related("track").order_by("track__order", "order"))


def levels_with_people_below(center) -> set[int]:
    """The target levels a promotion leads to from a level someone of the center holds today (the levels a
    manager is likely to set a quota for)."""
    held = Employee.objects.filter(center=center, status=Employee.Status.ACTIVE).values("level_id")
    return set(Transition.objects.filter(kind=Transition.Kind.PROMOTION, from_level_id__in=held)
               .values_list("to_level_id", flat=True))


def _entry(value) -> QuotaEntry:
    return value if isinstance(value, QuotaEntry) else QuotaEntry(int(value))


def initial_quotas(center, entered: dict | None) -> list[RoundQuota]:
    """The quotas a round opens with (unsaved): the manager's entry for a level where there is one (slots, or no
    limit with its reason), otherwise the staffing ratio's slots where a ratio covers the level. A level left
    blank with no ratio gets no quota (an approval into it is refused until a quota is set)."""
    entered = {level: _entry(v) for level, v in (entered or {}).items()}
    missing = [level.display_name for level, e in entered.items() if e.slots is None and not e.reason.strip()]
    if missing:
        raise Invalid(_("No limit needs a reason: %(levels)s.") % {"levels": ", ".join(missing)},
                      code="quota_reason_required")
    quotas = {level.code: RoundQuota(level=level, slots=e.slots, reason=e.reason.strip(),
                                     source=Source.NO_LIMIT if e.slots is None else Source.MANUAL)
              for level, e in entered.items()}
    ratios = staffing_quotas(center)
    for level in Level.objects.filter(code__in=set(ratios) - set(quotas)):
        quotas[level.code] = RoundQuota(level=level, slots=ratios[level.code]["slots"], source=Source.STAFFING,
                                        reason=ratios[level.code]["reason"])
    return list(quotas.values())


def save_initial_quotas(rnd: PromotionRound, quotas: list[RoundQuota], by) -> None:
    """Save the quotas a round opens with and their first line of history."""
    for q in quotas:
        q.round = rnd
    RoundQuota.objects.bulk_create(quotas)
    QuotaChange.objects.bulk_create([
        QuotaChange(round=rnd, level=q.level, from_slots=None, to_slots=q.slots, had_quota=False, source=q.source,
                    reason=q.reason or str(Source(q.source).label), changed_by=by) for q in quotas])


def approvals_by_level(rnd: PromotionRound) -> Counter:
    """The approvals standing in the round, by the level they lead to (grade steps take no slot)."""
    return Counter(TalentDecision.objects.filter(candidate__round=rnd, reversed_by__isnull=True,
                                                 outcome=TalentDecision.Outcome.APPROVE)
                   .exclude(candidate__transition__kind=Transition.Kind.GRADE_STEP)
                   .values_list("candidate__transition__to_level_id", flat=True))


def quota_usage(rnd: PromotionRound) -> list[dict]:
    """For each level with a quota: the slots (None: no limit), where they come from, the approvals standing and
    the slots left (None: no limit)."""
    used = approvals_by_level(rnd)
    return [{"level": q.level, "slots": q.slots, "used": used[q.level_id], "source": q.source, "reason": q.reason,
             "left": None if q.slots is None else q.slots - used[q.level_id], "quota": q}
            for q in rnd.quotas.select_related("level__track").order_by("level__track__order", "level__order")]


@transaction.atomic
def change_quota(rnd: PromotionRound, level: Level, slots: int | None, reason: str, by) -> RoundQuota:
    """Set or change one level's quota while the round is open or deciding, with a reason kept in its history
    (QuotaChange). `slots` None: no limit. A quota below the approvals already standing for the level is
    refused (reverse an approval first). The round's row is locked: two changes are taken one after the other.
    HR and center managers set quotas (talent.duties)."""
    duties.check_round_decider(by)
    rnd = PromotionRound.objects.select_for_update(of=("self",)).get(pk=rnd.pk)
    if rnd.state not in (S.OPEN, S.DECIDING):
        raise Conflict(_("Quotas change while the round is open or deciding; it is %(state)s.")
                       % {"state": rnd.get_state_display()}, code="round_not_open")
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("A quota change needs a reason."), code="quota_reason_required")
    if slots is not None and slots < 0:
        raise Invalid(_("Slots cannot be negative."), code="invalid_quota")
    used = approvals_by_level(rnd)[level.pk]
    if slots is not None and slots < used:
        raise Invalid(_("%(level)s has %(used)s approvals standing; the quota cannot be %(slots)s. Reverse an "
                        "approval first.") % {"level": level.display_name, "used": used, "slots": slots},
                      code="quota_below_approved")
    quota = RoundQuota.objects.filter(round=rnd, level=level).first()
    source = Source.NO_LIMIT if slots is None else Source.MANUAL
    QuotaChange.objects.create(round=rnd, level=level, from_slots=quota.slots if quota else None,
                               to_slots=slots, had_quota=quota is not None, source=source, reason=reason,
                               changed_by=by)
    if quota is None:
        return RoundQuota.objects.create(round=rnd, level=level, slots=slots, source=source, reason=reason)
    quota.slots, quota.source, quota.reason = slots, source, reason
    quota.save(update_fields=["slots", "source", "reason"])
    return quota


def quota_history(rnd: PromotionRound):
    return rnd.quota_changes.select_related("level", "changed_by")
