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
]

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
                   "collections-agent", "business-expert"]
