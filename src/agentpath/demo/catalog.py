"""The tables the demo planner draws from: hazards, career paths, quotas, wording of causes and reasons."""

# Monthly exit probability by months since arrival: (up to month, probability); the last piece runs on.
HAZARD = {
    "new": [(3, 0.15), (6, 0.085), (12, 0.03), (None, 0.017)],
    "experienced": [(6, 0.03), (None, 0.014)],
    "internal": [(None, 0.009)],
    "executive": [(None, 0.006)],
}

A, PS, PE = ("mgmt-agent", "agent"), ("pro-senior", "senior-agent"), ("pro-expert", "business-expert")
TL, SUP = ("mgmt-tl", "team-leader"), ("mgmt-supervisor", "supervisor")
VA, VM, VS = ("vip-assistant", "vip-assistant"), ("vip-manager", "vip-manager"), ("vip-senior", "vip-senior")
QO, QL = ("qa-officer", "qa-officer"), ("qa-lead", "qa-lead")
TR, TRS = ("trainer", "trainer"), ("trainer-senior", "trainer-senior")
REP, F1, F2 = ("cola-rep", "cola-rep-cs"), ("cola-f1", "cola-f1-specialist"), ("cola-f2", "cola-f2-specialist")
SEN, F3 = ("cola-senior", "cola-senior-cs-lead"), ("cola-f3", "cola-f3-specialist")
_BUDDY = [(A, 8, 16), (PS, 6, 18)]
_VIP = [(VA, 6, 12), (VM, 10, 18), (VS, 10, 18)]


def _family(first, lead):
    return {first[0]: [(1, _BUDDY)], lead[0]: [(1, _BUDDY + [(first, 12, 30)])]}


def _clerks(first, lead):
    return {first[0]: [(1, [(A, 6, 18)])], lead[0]: [(1, [(A, 6, 18), (first, 12, 30)])]}


# How people reach a seat from inside: weighted alternatives of earlier stays (level, position, months).
PATHS = {
    "mgmt-tl": [(6, [(A, 12, 30)]), (4, [(A, 8, 16), (PS, 8, 18)])],
    "mgmt-supervisor": [(7, [(A, 12, 26), (TL, 18, 40)]), (3, [(A, 8, 16), (PS, 8, 18), (TL, 18, 36)])],
    "mgmt-manager": [(1, [(A, 12, 24), (TL, 18, 30), (SUP, 24, 40)])],
    "pro-chief": [(1, [(A, 8, 16), (PS, 12, 24), (PE, 18, 30)])],
    "vip-supervisor": [(1, [(VA, 6, 12), (VM, 10, 20), (VS, 12, 24)])],
    "qa-officer": [(7, _BUDDY), (3, _VIP)],
    "qa-lead": [(7, _BUDDY + [(QO, 12, 30)]), (3, [(A, 12, 24), (TL, 18, 30)])],
    "qa-manager": [(1, _BUDDY + [(QO, 12, 24), (QL, 18, 30)])],
    "trainer": [(7, [(A, 8, 16), (PS, 8, 20)]), (3, _VIP)],
    "trainer-senior": [(6, _BUDDY + [(TR, 12, 30)]), (4, [(A, 12, 24), (TL, 18, 30)])],
    "training-manager": [(1, _BUDDY + [(TR, 12, 24), (TRS, 18, 30)])],
    **_family(("scheduler", "scheduler"), ("scheduling-lead", "scheduling-lead")),
    **_family(("mis-analyst", "mis-analyst"), ("mis-lead", "mis-lead")),
    **_family(("risk-officer", "risk-officer"), ("risk-lead", "risk-lead")),
    **_clerks(("paperwork-clerk", "paperwork-clerk"), ("paperwork-lead", "paperwork-lead")),
    **_clerks(("billing-clerk", "billing-clerk"), ("billing-lead", "billing-lead")),
    **_clerks(("collections-agent", "collections-agent"), ("collections-lead", "collections-lead")),
    "cola-rep": [(1, [(REP, 6, 18)])],
    "cola-senior": [(1, [(REP, 6, 12), (F1, 8, 16), (F2, 10, 20)])],
    "cola-f3": [(1, [(REP, 6, 12), (F1, 8, 14), (F2, 10, 18), (SEN, 18, 36)])],
    "cola-deputy": [(1, [(REP, 6, 12), (F1, 8, 14), (F2, 10, 18), (SEN, 18, 30), (F3, 18, 30)])],
}

# Agent seats whose current level is a pyramid quota: the ladder (level, position, months in the step
# below: min, max) and the share of today's people at each rung.
QUOTAS = {
    "sz-cs": ([(PS, 8, 20), (PE, 18, 36)], [0.20, 0.06]),
    "sz-vip": ([(VM, 6, 14), (VS, 12, 24)], [0.34, 0.15]),
    "gz": ([(F1, 6, 14), (F2, 8, 18)], [0.22, 0.14]),
}
# Levels whose people the planner looks for in another level's teams (a senior agent sits in a CS team).
HOME_ALIASES = {"pro-senior": "mgmt-agent", "pro-expert": "mgmt-agent", "vip-manager": "vip-assistant",
                "vip-senior": "vip-assistant", "cola-f1": "cola-rep", "cola-f2": "cola-rep"}
ENTRY_LEVELS = {"mgmt-agent", "vip-assistant", "cola-rep", "paperwork-clerk", "billing-clerk", "collections-agent"}
FEMALE_SHARE = {"mgmt": 0.68, "pro": 0.7, "vip": 0.75, "cola": 0.66, "qa": 0.65, "training": 0.7,
                "scheduling": 0.5, "mis": 0.4, "paperwork": 0.75, "billing": 0.7, "collections": 0.55, "risk": 0.45}
EDUCATION = {
    "entry": [("high_school", 18), ("vocational", 54), ("bachelor", 27), ("master", 1)],
    "experienced": [("high_school", 3), ("vocational", 37), ("bachelor", 55), ("master", 5)],
    "executive": [("vocational", 10), ("bachelor", 65), ("master", 25)],
}
HIRE_CAUSES = {
    "entry": [("社会招聘", 55), ("校园招聘", 20), ("内部推荐", 20), ("劳务派遣转正", 5)],
    "experienced": [("社会招聘", 60), ("内部推荐", 20), ("猎头招聘", 20)],
    "executive": [("猎头招聘", 60), ("社会招聘", 40)],
}
EXIT_EARLY = [("主动离职: 不适应倒班与夜班", 20), ("主动离职: 工作压力大", 25), ("主动离职: 薪资低于预期", 15),
              ("被动离职: 试用期考核未通过", 20), ("主动离职: 找到其他工作", 15), ("主动离职: 家庭原因", 5)]
EXIT_LATER = [("主动离职: 职业发展 (跳槽)", 25), ("主动离职: 薪资待遇", 20), ("主动离职: 家庭原因", 12),
              ("主动离职: 回老家发展", 10), ("主动离职: 继续深造", 8), ("被动离职: 绩效考核末位淘汰", 8),
              ("主动离职: 身体原因", 5), ("主动离职: 工作压力大", 12)]
ELECTIVES = ["telephone-training", "complaint-handling", "communication-people", "microsoft-skills", "self-review",
             "meeting-skills", "quality-assurance", "data-analysis", "socc-tools", "cares-initiative", "fraud-id"]
DISCIPLINE = [("warning", "当月迟到 4 次, 违反考勤制度"), ("warning", "服务态度生硬, 客户投诉属实"),
              ("warning", "擅自挂断客户来电"), ("serious", "违反信息安全规定, 私自记录客户信息"),
              ("warning", "质检抽检发现违规承诺"), ("serious", "月度考试作弊"),
              ("warning", "未按流程核实客户身份即办理业务")]
NOMINATION_REASONS = ["连续两个季度 KPI 排名前 20%, 业务扎实", "带教新人表现突出, 有管理潜质",
                      "质检成绩稳定, 投诉处理能力强", "主动承担班组管理性工作, 多次获客户表扬"]
CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """A team's number in Chinese, any size: 7 七, 12 十二, 105 一百零五, 110 一百一十, 10001 一万零一."""
    if n < 0:
        raise ValueError(f"no Chinese number for {n}")
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n - 10] if n > 10 else "")
    if n >= 10_000:
        high, rest = divmod(n, 10_000)
        return chinese_number(high) + "万" + ("" if rest == 0 else ("零" if rest < 1000 else "") + _below_10000(rest))
    return _below_10000(n)


def _below_10000(n: int) -> str:
    """1–9999 read in full (一十 inside a longer number), a run of zeros read once as 零."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero and out else "") + CN_DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out
