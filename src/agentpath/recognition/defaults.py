"""The default badges and experience levels shipped with `load-framework cola` (seed 004 第七节 "小徽章,好榜样",
附录1 "像游戏一样升级"; DOMAIN.md C10: finished pre-job program, full attendance month, full-mark exam, QA star …)."""

# (code, name, name_en, icon, rule, params, points)
DEFAULT_BADGES = [
    ("pre-job-graduate", "岗前结业", "Pre-job graduate", "book", "course", {"course": "pre-job-program"}, 30),
    ("full-attendance", "全勤之星", "Full attendance", "calendar", "full_attendance", {"min_sessions": 1}, 10),
    ("exam-ace", "月考满分", "Full-mark exam", "trophy", "monthly_exam", {"min_score": 100}, 30),
    ("exam-95", "月考优秀", "Exam excellence", "medal", "monthly_exam", {"min_score": 95}, 15),
    ("kpi-top10-month", "月度业务能手", "Top 10% of the month", "target", "kpi_top",
     {"group": "business", "top_percent": 10, "period_kind": "month"}, 20),
    ("kpi-top10-quarter", "季度业务标兵", "Top 10% of the quarter", "trophy", "kpi_top",
     {"group": "business", "top_percent": 10, "period_kind": "quarter"}, 50),
    ("qa-star", "质检之星", "QA star", "star", "qa_streak", {"min_score": 95, "months": 3}, 30),
    ("tenure-90d", "转正90天", "90 days", "shield", "tenure", {"days": 90}, 10),
    ("tenure-1y", "一周年", "One year", "shield", "tenure", {"years": 1}, 20),
    ("tenure-3y", "三周年", "Three years", "shield", "tenure", {"years": 3}, 40),
    ("tenure-5y", "五周年", "Five years", "shield", "tenure", {"years": 5}, 60),
    ("idp-on-time", "计划如期完成", "IDP completed on time", "target", "idp_on_time", {}, 30),
    ("good-example", "好榜样", "Good example", "heart", "by_hand", {}, 20),
]

# Points from facts other than badges (recognition.models.PointsRule): (code, name, name_en, source, threshold,
# points per credit or per month).
DEFAULT_POINTS = [
    ("course-credit", "课程学分", "Course credits", "course_credit", None, 5),
    ("exam-pass", "月考及格", "Monthly exam passed", "exam", 60, 5),
    ("kpi-top-half", "业务能力前 50%", "Business composite in the top half", "kpi", 50, 10),
]

# (code, name, name_en, points to reach it)
DEFAULT_LEVELS = [
    ("trainee", "见习", "Trainee", 0),
    ("bronze", "铜牌", "Bronze", 100),
    ("silver", "银牌", "Silver", 300),
    ("gold", "金牌", "Gold", 600),
    ("diamond", "钻石", "Diamond", 1000),
]
