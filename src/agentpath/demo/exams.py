"""The demo's monthly exams (seed 002 §3.4.4): a question bank on contact-center service in Chinese, this
month's exam for agents and team leaders, papers drawn with a fixed seed, so the demo agent can sit it, and the
exams of the past months, sat and graded, so the review pages and the growth files have results to show."""
import calendar
import datetime
import random
from collections import defaultdict

from django.utils import timezone

from agentpath.accounts.models import User
from agentpath.common.calendar import add_months
from agentpath.exams.drawing import schedule_exam
from agentpath.exams.inbox import EXAM_SCHEDULED
from agentpath.exams.models import (
    Answer,
    Attempt,
    BlueprintCell,
    Exam,
    Paper,
    PaperItem,
    Question,
    QuestionVersion,
)
from agentpath.exams.services import submit_attempts
from agentpath.inbox.models import InboxItem
from agentpath.org.models import Team
from agentpath.performance.facts import EXAM_METRIC
from agentpath.performance.models import KpiDay, Metric

DEMO_EXAM = "demo-monthly"
# (code, topic, difficulty, kind, text, options, key, explanation)
QUESTIONS = [
    ("svc-01", "服务规范", 1, "single", "接听来电时,标准开头语首先应包含什么?", ["问候语和工号", "客户姓名", "套餐价格"], ["A"],
     "开头语先问候并报工号,让客户知道由谁服务。"),
    ("svc-02", "服务规范", 1, "true_false", "客户情绪激动时,坐席可以先挂断电话等客户冷静。", [], ["false"],
     "不得主动挂断客户电话,应先安抚情绪。"),
    ("svc-03", "服务规范", 1, "single", "通话结束前,坐席应当做什么?", ["确认客户问题已解决并致谢", "直接挂机", "推荐新业务"], ["A"],
     "结束语确认问题解决,感谢来电。"),
    ("svc-04", "服务规范", 1, "true_false", "为客户办理业务前必须核实客户身份。", [], ["true"], "先核身后办理,保护客户信息。"),
    ("svc-05", "服务规范", 2, "multiple", "以下哪些属于客户个人信息,不得向第三方透露?",
     ["身份证号", "通话详单", "公司客服热线号码", "账户余额"], ["A", "B", "D"], "热线号码是公开信息。"),
    ("svc-06", "服务规范", 2, "single", "客户要求坐席提供个人手机号以便联系,应当如何处理?",
     ["婉拒并提供官方联系渠道", "提供个人手机号", "不予理睬"], ["A"], "只提供官方渠道。"),
    ("svc-07", "服务规范", 2, "true_false", "需要客户等待时,应先征得客户同意并告知大约等待时间。", [], ["true"], "礼貌等待规范。"),
    ("svc-08", "服务规范", 2, "single", "静音等待超过多长时间应回到线上向客户致歉?", ["30秒", "5分钟", "无需回线"], ["A"],
     "每30秒回线一次,避免客户以为掉线。"),
    ("biz-01", "业务知识", 1, "single", "客户查询本月话费,应引导其使用哪种自助方式?", ["短信或营业厅App查询", "到公安局查询", "无法查询"], ["A"],
     "自助查询减少等待。"),
    ("biz-02", "业务知识", 1, "true_false", "套餐变更通常次月生效。", [], ["true"], "按本月文件:套餐变更次月1日生效。"),
    ("biz-03", "业务知识", 1, "single", "宽带报障时,坐席首先应确认什么?", ["客户地址和账号", "客户职业", "客户年龄"], ["A"], "先定位账号和地址。"),
    ("biz-04", "业务知识", 1, "true_false", "国际漫游需要客户提前开通。", [], ["true"], "出境前开通国际漫游。"),
    ("biz-05", "业务知识", 2, "multiple", "办理携号转网前需要满足哪些条件?", ["无欠费", "实名登记", "在网满十年", "无未到期合约"],
     ["A", "B", "D"], "无在网年限要求。"),
    ("biz-06", "业务知识", 2, "single", "客户对流量扣费有异议,应首先做什么?", ["调取流量详单核对", "直接退费", "告知无法处理"], ["A"],
     "先核对详单再按规定处理。"),
    ("biz-07", "业务知识", 2, "true_false", "停机保号期间可以正常接听电话。", [], ["false"], "停机保号期间不能通话。"),
    ("biz-08", "业务知识", 2, "single", "本月新推出的5G升级包,最低办理门槛是?", ["在网客户均可办理", "仅限新用户", "仅限企业客户"], ["A"],
     "本月新业务文件。"),
    ("cmp-01", "投诉处理", 1, "single", "处理投诉的第一步是什么?", ["倾听并表示理解", "解释公司规定", "转给主管"], ["A"],
     "先倾听,再解释。"),
    ("cmp-02", "投诉处理", 1, "true_false", "对于无法当场解决的投诉,应告知客户处理时限并按时回访。", [], ["true"], "承诺时限并回访。"),
    ("cmp-03", "投诉处理", 1, "single", "客户提出升级投诉时,坐席应当?", ["记录诉求并按流程升级", "劝客户放弃", "挂断电话"], ["A"],
     "按升级流程处理。"),
    ("cmp-04", "投诉处理", 1, "true_false", "投诉工单可以在客户不知情时直接关闭。", [], ["false"], "关单前须与客户确认。"),
    ("cmp-05", "投诉处理", 2, "short", "客户因重复扣费投诉,情绪激动。请简述你的处理步骤。", [],
     ["安抚情绪、致歉;核实扣费记录;说明原因并按规定退费或升级;告知时限并回访"], "安抚—核实—处理—回访。"),
    ("cmp-06", "投诉处理", 2, "multiple", "以下哪些属于投诉回访的内容?", ["确认问题是否解决", "了解客户满意度", "推销新套餐"],
     ["A", "B"], "回访不做营销。"),
]
# (topic, difficulty, count): 10 questions per paper
BLUEPRINT = [("服务规范", 1, 2), ("服务规范", 2, 1), ("业务知识", 1, 2), ("业务知识", 2, 2), ("投诉处理", 1, 2),
             ("投诉处理", 2, 1)]


def load_demo_questions() -> int:
    """The demo bank (idempotent: known codes are left as they are)."""
    known = set(Question.objects.filter(code__in=[q[0] for q in QUESTIONS]).values_list("code", flat=True))
    new = [q for q in QUESTIONS if q[0] not in known]
    questions = Question.objects.bulk_create(Question(code=c, topic=t, difficulty=d, kind=k, status="ready")
                                             for c, t, d, k, *_rest in new)
    ids = dict(Question.objects.filter(code__in=[q.code for q in questions]).values_list("code", "id"))
    QuestionVersion.objects.bulk_create(
        QuestionVersion(question_id=ids[c], number=1, text=text, options=options, answer_key=key, explanation=why,
                        points=3 if k == "short" else 1)
        for c, _t, _d, k, text, options, key, why in new)
    return len(new)


def generate_demo_exam(seed: int, today: datetime.date, center_codes) -> Exam:
    """This month's exam for everyone in the demo teams, open from today for two weeks, counting into KPI."""
    load_demo_questions()
    opens = timezone.make_aware(datetime.datetime.combine(today, datetime.time(0, 0)))
    month_end = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    exam = Exam.objects.create(
        code=DEMO_EXAM, title=f"{today.year}年{today.month}月业务知识月考", owner=User.objects.get(username="trainer"),
        time_limit_minutes=30, pass_mark=60, opens_at=opens, closes_at=opens + datetime.timedelta(days=14),
        writes_kpi=True, kpi_date=month_end)
    exam.audience_teams.set(Team.objects.filter(center__code__in=center_codes))
    BlueprintCell.objects.bulk_create(BlueprintCell(exam=exam, topic=t, difficulty=d, count=n) for t, d, n in BLUEPRINT)
    schedule_exam(exam, seed=seed, now=opens)  # the demo's own today: a demo built for a past date still schedules
    return exam


PAST_MONTHS = 2  # the months before this one whose exam was sat and graded
# what a taker writes for the short question, from a full answer to a thin one (the trainer's points follow)
SHORT_ANSWERS = ["先安抚客户情绪并致歉;调取扣费记录核实;说明原因,按规定退费或升级处理;告知处理时限并按时回访。",
                 "安抚客户,查询扣费记录,确认重复扣费后申请退费。", "向客户解释扣费规定,请客户耐心等待。"]


def _last_workday(year: int, month: int) -> datetime.date:
    """The month's last weekday: the day the demo's KPI holds the month's exam score (performance.demo_data)."""
    day = datetime.date(year, month, calendar.monthrange(year, month)[1])
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def _past_exam(seed: int, first: datetime.date, center_codes, owner) -> Exam:
    """The month's exam, open from the 10th for two weeks and scheduled then (the takers' inbox items of the
    time are read by now)."""
    opens = timezone.make_aware(datetime.datetime.combine(first.replace(day=10), datetime.time(9, 0)))
    exam = Exam.objects.create(
        code=f"{DEMO_EXAM}-{first:%Y%m}", title=f"{first.year}年{first.month}月业务知识月考", owner=owner,
        time_limit_minutes=30, pass_mark=60, opens_at=opens, closes_at=opens + datetime.timedelta(days=14),
        writes_kpi=True, kpi_date=_last_workday(first.year, first.month))
    exam.audience_teams.set(Team.objects.filter(center__code__in=center_codes))
    BlueprintCell.objects.bulk_create(BlueprintCell(exam=exam, topic=t, difficulty=d, count=n) for t, d, n in BLUEPRINT)
    schedule_exam(exam, seed=seed, now=opens)
    InboxItem.objects.filter(key=f"{EXAM_SCHEDULED}:{exam.pk}").update(read_at=opens)
    return exam


def _response(rnd: random.Random, version: QuestionVersion, kind: str, right: bool) -> list:
    """What a taker answered (stored form, exams.services.parse_response): the key when right, else a
    plausible wrong answer."""
    key = list(version.answer_key)
    if kind == Question.Kind.TRUE_FALSE:
        return key if right else ["false" if key == ["true"] else "true"]
    letters = [chr(ord("A") + i) for i in range(len(version.options))]
    if right:
        return sorted(key)
    if kind == Question.Kind.MULTIPLE:  # one of the key's letters forgotten, or a wrong one added
        wrong = [x for x in letters if x not in key]
        return sorted(key[:-1] if len(key) > 1 and (not wrong or rnd.random() < 0.6) else key + [rnd.choice(wrong)])
    return [rnd.choice([x for x in letters if x not in key])]


def _sit(rnd: random.Random, exam: Exam, grader, ability_of: dict[int, float]) -> dict:
    """Everyone in the audience sits the exam once within its window: each answer right with the taker's
    ability (the demo KPI's exam score of the month; easier questions more often), a few left blank, the short
    answer graded by the trainer. Returns {attempt: submitted at} for exams.services.submit_attempts."""
    versions = {v.pk: v for v in QuestionVersion.objects.filter(
        paper_items__paper__exam=exam).distinct().select_related("question")}
    items = defaultdict(list)  # paper -> [(item id, version)], in the paper's order
    for item_id, paper_id, version_id in (PaperItem.objects.filter(paper__exam=exam).order_by("paper_id", "position")
                                          .values_list("id", "paper_id", "version_id")):
        items[paper_id].append((item_id, versions[version_id]))
    papers = list(Paper.objects.filter(exam=exam).order_by("employee_id").values_list("id", "employee_id"))
    sittings, attempts = [], []
    limit = datetime.timedelta(minutes=exam.time_limit_minutes)
    for paper_id, employee_id in papers:
        ability = ability_of.get(employee_id) or min(0.98, max(0.3, rnd.gauss(0.78, 0.1)))
        started = exam.opens_at + datetime.timedelta(days=rnd.randrange(10), hours=rnd.randrange(9),
                                                     minutes=rnd.randrange(60))
        took = datetime.timedelta(minutes=rnd.uniform(9, 28))
        attempts.append(Attempt(paper_id=paper_id, number=1, started_at=started, deadline=started + limit))
        sittings.append((started, took, ability, items[paper_id]))
    Attempt.objects.bulk_create(attempts, batch_size=2000)
    answers, submitted = [], {}
    for attempt, (started, took, ability, paper_items) in zip(attempts, sittings, strict=True):
        for n, (item_id, version) in enumerate(paper_items, start=1):
            if rnd.random() < 0.02:  # left blank
                continue
            kind = version.question.kind
            chance = min(0.98, ability + (0.08 if version.question.difficulty == 1 else -0.08))
            saved = started + took * n / (len(paper_items) + 1)
            if kind == Question.Kind.SHORT:
                points = min(version.points, max(0, round(rnd.gauss(ability * version.points, 0.7))))
                text = SHORT_ANSWERS[0 if points == version.points else 1 if points else 2]
                answers.append(Answer(attempt_id=attempt.pk, item_id=item_id, response=[text], saved_at=saved,
                                      points=float(points), graded_by=grader))
            else:
                answers.append(Answer(attempt_id=attempt.pk, item_id=item_id, saved_at=saved,
                                      response=_response(rnd, version, kind, rnd.random() < chance)))
        submitted[attempt] = started + took
    Answer.objects.bulk_create(answers, batch_size=5000)
    return submitted


def generate_past_exams(seed: int, today: datetime.date, center_codes) -> int:
    """The monthly exams of the PAST_MONTHS months before today's, each sat by its audience and graded through
    the exams services (the submission's transition, the grading, the score into the KPI on the month's exam
    day). Each taker does about as well as the demo KPI's exam score of the month says (when the KPI is
    generated first), so scores lean high with a few fails. Returns the number of attempts."""
    load_demo_questions()
    trainer = User.objects.get(username="trainer")
    rnd = random.Random(seed * 31 + 7)
    column = Metric.objects.get(code=EXAM_METRIC).column
    sat = 0
    for back in range(PAST_MONTHS, 0, -1):
        first = add_months(today.replace(day=1), -back)
        exam = _past_exam(seed + back, first, center_codes, trainer)
        scores = KpiDay.objects.filter(date=exam.kpi_date, employee__exam_papers__exam=exam,
                                       **{f"{column}__isnull": False}).values_list("employee_id", column)
        sat += submit_attempts(_sit(rnd, exam, trainer, {e: v / 100 for e, v in scores}))
    return sat


def delete_demo_exams(employee_ids) -> None:
    """Papers hold on to their takers: the demo exams go before the demo people."""
    Exam.objects.filter(code__startswith=DEMO_EXAM).delete()
    Paper.objects.filter(employee_id__in=employee_ids).delete()
