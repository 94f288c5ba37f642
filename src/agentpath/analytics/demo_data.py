"""The demo's analytics (called by demo.generator after its KPI): the facts of every exit as HR would have
recorded them (type and reason from the exit's cause, last working day, regretted, interview notes), the
flight-risk model trained on the demo's history, and the month's early-warning alerts."""
import datetime
import random

from agentpath.common.errors import Invalid
from agentpath.org.exits import describe
from agentpath.org.models import EmploymentEvent, ExitReason, ExitRecord

from .early_warning import raise_alerts
from .risk import train_risk_model

# What HR wrote after the exit interview, by reason (seed 004 §3: why agents leave).
NOTES = {
    "shifts": ["夜班连续三周，作息紊乱，家人也不支持，希望找白班工作。", "倒班后身体吃不消，试过调班仍不适应。"],
    "workload": ["每天接听量大，投诉电话多，情绪压力大，觉得没有人能倾诉。", "质检扣分多，觉得标准太严，压力大。"],
    "pay": ["同城其他呼叫中心底薪高 500 元，绩效奖金不稳定。", "入职时承诺的补贴没有兑现，对薪资不满。"],
    "new_job": ["朋友介绍去了电商公司做运营，工作时间固定。", "拿到了银行柜员的 offer。"],
    "family": ["孩子上学需要接送，时间无法配合排班。", "父母身体不好，需要回家照顾。"],
    "career": ["做了两年一线，看不到晋升组长的机会，想去有成长空间的公司。", "想转做数据分析，公司内部没有合适岗位。"],
    "relocation": ["家里在老家安排了工作，准备回去。"],
    "study": ["考上了在职研究生，学习时间和排班冲突。"],
    "health": ["长期戴耳机导致听力不适，医生建议休息。"],
    "probation": ["试用期考核两次未通过，业务知识掌握不足。"],
    "performance": ["连续两个季度末位，改进期后考核仍未达标。"],
}
GENERIC = ["面谈时未说明具体原因。", "本人表示对团队氛围满意，离职与团队无关。"]


def generate_demo_exit_records(seed: int) -> int:
    """An exit record for every exit event that has none: type and reason read from its cause (org.exits),
    the last working day up to three days before, regretted for some voluntary leavers past probation, and
    interview notes for most."""
    rng = random.Random(seed + 21)
    reasons = {r.code: r for r in ExitReason.objects.all()}
    records = []
    for event in (EmploymentEvent.objects.filter(kind=EmploymentEvent.Kind.EXIT, exit_record__isnull=True)
                  .select_related("employee").order_by("id")):
        facts = describe(event.cause)
        reason = reasons[facts.reason.code] if facts.reason else None
        tenure = (event.effective_date - event.employee.hire_date).days
        voluntary = facts.kind == "voluntary"
        regretted = voluntary and rng.random() < (0.45 if tenure >= 180 else 0.1)
        notes = rng.choice(NOTES.get(reason.code, GENERIC) if reason else GENERIC) if rng.random() < 0.75 else ""
        records.append(ExitRecord(event=event, exit_type=facts.kind or "", reason=reason,
                                  last_working_day=event.effective_date - datetime.timedelta(days=rng.choice(
                                      [0, 0, 1, 2, 3])), regretted=regretted, interview_notes=notes))
    ExitRecord.objects.bulk_create(records, batch_size=2000)
    return len(records)


def generate_demo_analytics(seed: int, today: datetime.date, *, kpi: bool = True) -> dict:
    """Exit records; with the KPI, the flight-risk model as of today and today's early warnings. A demo too small
    to learn from says so in the figures (`risk model`) instead of a model."""
    figures = {"exit records": generate_demo_exit_records(seed)}
    if not kpi:
        return figures
    try:
        model = train_risk_model(today)
    except Invalid as exc:
        figures["risk model"] = exc.message
    else:
        figures["risk model"] = f"v{model.version}, c-index {model.c_index:.3f}, {model.scores.count()} scored"
    figures["early-warning alerts"] = sum(raise_alerts(today).values())
    return figures
