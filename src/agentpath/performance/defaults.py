"""The default metrics (DOMAIN.md C5) and the default two-group scorecard of seed 002 §3.5."""

# (code, name, name_en, unit, higher_is_better, aggregation, min, max, source)
DEFAULT_METRICS = [
    ("calls_handled", "接听量", "Calls handled", "count", True, "per_day_worked", 0, 2000, "acd"),
    ("aht", "平均处理时长", "Average handle time", "seconds", False, "weighted_mean", 0, 7200, "acd"),
    ("fcr", "首次解决率", "First contact resolution", "percent", True, "weighted_mean", 0, 100, "survey"),
    ("csat", "客户满意度", "Customer satisfaction", "percent", True, "weighted_mean", 0, 100, "survey"),
    ("nps", "净推荐值", "Net promoter score", "score", True, "mean", -100, 100, "survey"),
    ("qa_score", "质检得分", "QA score", "points", True, "mean", 0, 100, "qa"),
    ("adherence", "排班遵从率", "Schedule adherence", "percent", True, "mean", 0, 100, "acd"),
    ("attendance", "出勤率", "Attendance", "percent", True, "mean", 0, 100, "hr"),
    ("sales_conversion", "营销成功率", "Sales conversion", "percent", True, "weighted_mean", 0, 100, "acd"),
    ("complaints", "投诉量", "Complaints", "count", False, "per_day_worked", 0, 100, "qa"),
    ("deductions", "扣分", "Deductions", "points", False, "sum", 0, 100, "qa"),
    ("exam_score", "月度考试成绩", "Monthly exam score", "points", True, "mean", 0, 100, "exam"),
    # Imported through the KPI import (long format: one row per person, day and metric), issue 18: the
    # functional families' own records, which AgentPath does not hold.
    ("qa_evaluation_rate", "质检完成率", "QA evaluations against target", "percent", True, "mean", 0, 300, "qa"),
    ("qa_calibration_dev", "质检校准偏差", "QA calibration deviation", "points", False, "mean", 0, 100, "qa"),
    ("qa_disputes_overturned", "申诉改判率", "QA disputes overturned", "percent", False, "mean", 0, 100, "qa"),
    ("forecast_mape", "话务预测误差 (MAPE)", "Forecast error (MAPE)", "percent", False, "mean", 0, 100, "wfm"),
    ("service_level_attainment", "服务水平达成率", "Service-level attainment", "percent", True, "mean", 0, 100,
     "wfm"),
    ("work_accuracy", "作业准确率", "Work accuracy", "percent", True, "mean", 0, 100, "work"),
    ("work_on_time", "按时完成率", "On-time rate", "percent", True, "mean", 0, 100, "work"),
    ("work_volume", "日均作业量", "Work volume per day", "count", True, "mean", 0, 5000, "work"),
]

# Metrics with one value per person and period (Metric.kind derived or product), computed with the ranks
# (performance.derived). (code, name, name_en, unit, higher_is_better, source, kind)
PERIOD_METRICS = [
    ("team_composite_pct", "团队综合百分位", "Team composite percentile", "percent", True, "team", "derived"),
    ("team_fcr", "团队首次解决率", "Team FCR (call-weighted)", "percent", True, "team", "derived"),
    ("team_csat", "团队客户满意度", "Team CSAT (call-weighted)", "percent", True, "team", "derived"),
    ("team_aht", "团队平均处理时长", "Team AHT (call-weighted)", "seconds", False, "team", "derived"),
    ("team_bottom_half", "团队后50%占比", "Team share in the bottom half", "percent", False, "team", "derived"),
    ("team_attrition_90d", "团队90天流失率", "Team 90-day attrition", "percent", False, "team", "derived"),
    ("team_attrition_12m", "团队12个月流失率", "Team 12-month attrition", "percent", False, "team", "derived"),
    ("team_exam_pass", "团队月考通过率", "Team monthly-exam pass rate", "percent", True, "team", "derived"),
    ("team_idp_agreed", "团队IDP确认率", "Team IDPs agreed", "percent", True, "product", "product"),
    ("team_idp_on_time", "团队IDP行动按期完成率", "Team IDP actions done on time", "percent", True, "product",
     "product"),
    ("trainer_rating", "学员评分", "Trainees' rating", "score", True, "product", "product"),
    ("trainer_pass_rate", "学员首考通过率", "Trainees' first-attempt pass rate", "percent", True, "product",
     "product"),
]
# Not available: IDP actions record no completion date, so "done on time" cannot be told (docs/kpi.md). The
# metric exists so HR sees it and why; no default scorecard weighs it and nothing fills it.
UNAVAILABLE_METRICS = {"team_idp_on_time": "IDP actions record no completion date: on-time cannot be measured."}

# The pass mark of the monthly exam (seed 002 §3.4.4: 60 points) for the team's pass rate.
EXAM_PASS_MARK = 60.0

# The metric whose daily value weighs a call-weighted mean.
WEIGHT_METRIC = "calls_handled"
# The metric summed into the "deductions total" of each period (业务受理扣分, seed 002 §3.5.1).
DEDUCTIONS_METRIC = "deductions"

# Seed 002: KPI composites 业务能力 (business capability) and 价值提升与收保 (value uplift & retention).
# (group code, name, name_en, [(metric code, weight)])
DEFAULT_GROUPS = [
    ("business", "业务能力", "Business capability",
     [("qa_score", 0.25), ("aht", 0.2), ("fcr", 0.2), ("adherence", 0.15), ("calls_handled", 0.1),
      ("exam_score", 0.1)]),
    ("value", "价值提升与收保", "Value uplift & retention",
     [("sales_conversion", 0.4), ("csat", 0.3), ("nps", 0.2), ("complaints", 0.1)]),
]

# Positions whose people take calls and are ranked on the default scorecard (agent-like positions).
AGENT_POSITIONS = ["agent", "senior-agent", "vip-assistant", "vip-manager", "vip-senior", "cola-rep-cs",
                   "cola-f1-specialist", "cola-f2-specialist", "collections-agent", "business-expert", "chief-expert"]

_KNOWLEDGE = ("knowledge", "业务知识", "Business knowledge", [("exam_score", 1.0)])
_TEAM_GROUPS = [
    ("team", "团队绩效", "Team performance",
     [("team_composite_pct", 0.35), ("team_fcr", 0.15), ("team_csat", 0.15), ("team_aht", 0.1),
      ("team_bottom_half", 0.25)]),
    ("people", "团队建设", "Team building",
     [("team_attrition_90d", 0.25), ("team_attrition_12m", 0.2), ("team_exam_pass", 0.2), ("team_idp_agreed", 0.1),
      ("exam_score", 0.25)]),  # the leader's own monthly exam (seed 002: team leaders sit it too)
]

# Scorecard templates: (unit, minimum peer group, composite over the metrics with data, groups).
SCORECARDS = {
    "agent": ("own", 1, True, DEFAULT_GROUPS),
    "team_leader": ("team", 5, True, _TEAM_GROUPS),
    "supervisor": ("teams", 4, True, _TEAM_GROUPS),
    "manager": ("center", 3, True, _TEAM_GROUPS),
    "qa": ("own", 5, True, [
        ("quality_work", "质检工作", "QA work",
         [("qa_evaluation_rate", 0.4), ("qa_calibration_dev", 0.35), ("qa_disputes_overturned", 0.25)]),
        _KNOWLEDGE]),
    "trainer": ("own", 5, True, [
        ("training", "培训效果", "Training results", [("trainer_rating", 0.5), ("trainer_pass_rate", 0.5)]),
        _KNOWLEDGE]),
    "scheduler": ("own", 4, True, [
        ("scheduling", "排班预测", "Forecasting and scheduling",
         [("forecast_mape", 0.5), ("service_level_attainment", 0.5)]),
        _KNOWLEDGE]),
    "work": ("own", 5, True, [
        ("work", "作业质量与效率", "Work quality and throughput",
         [("work_accuracy", 0.4), ("work_on_time", 0.35), ("work_volume", 0.25)]),
        _KNOWLEDGE]),
}

# Which template each position of the default framework gets: these positions by code, the rest by family.
SCORECARD_BY_POSITION = {
    **dict.fromkeys(AGENT_POSITIONS, "agent"),
    **dict.fromkeys(["team-leader", "cola-senior-cs-lead", "vip-supervisor"], "team_leader"),
    **dict.fromkeys(["supervisor", "cola-f3-specialist"], "supervisor"),
    **dict.fromkeys(["cs-manager", "cs-director", "cola-f4-manager", "cola-deputy-cs"], "manager"),
}
SCORECARD_BY_FAMILY = {"qa": "qa", "training": "trainer", "scheduling": "scheduler"}
OTHER_FAMILIES = "work"  # MIS, paperwork, billing, collections leads, risk, CO Tech, internal service, help desk


def scorecard_template(position_code: str, family: str) -> str:
    return SCORECARD_BY_POSITION.get(position_code) or SCORECARD_BY_FAMILY.get(family, OTHER_FAMILIES)
