"""The month's award run (issue 20): each rule at its boundary, idempotent re-runs, late KPI, revocation."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.common.errors import Conflict, Forbidden, Invalid, NotFound
from agentpath.inbox.models import InboxItem
from agentpath.inbox.selectors import title_of
from agentpath.learning.models import Course, CourseCompletion, Enrolment, Program
from agentpath.recognition.models import Award, Badge, XpLevel
from agentpath.recognition.selectors import describe_facts, level_progress, points_of
from agentpath.recognition.services import award_by_hand, award_period, revoke_award
from agentpath.recognition.tasks import run_awards
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
OCT = datetime.date(2026, 10, 12)


def awarded(badge_code: str) -> set[int]:
    return set(Award.objects.filter(badge__code=badge_code).values_list("employee_id", flat=True))


def test_load_framework_cola_ships_the_default_badges_and_the_five_named_levels(framework):
    call_command("load-framework", "cola")
    names = set(Badge.objects.values_list("name", flat=True))
    assert {"岗前结业", "全勤之星", "月考满分", "质检之星", "一周年", "好榜样"} <= names
    assert list(XpLevel.objects.values_list("name", flat=True)) == ["见习", "铜牌", "银牌", "金牌", "钻石"]
    call_command("load-framework", "cola")  # twice: nothing twice
    assert Badge.objects.filter(code="exam-95").count() == 1


def test_monthly_exam_badge_at_95_goes_to_95_and_96_not_94_and_says_which_score(org, kpi_day):
    under, at, over = org.agents["sz-a"]
    for agent, score in ((under, 94.9), (at, 95), (over, 96)):
        kpi_day(agent, OCT, exam_score=score)
    award_period("2026-10")
    assert awarded("exam-95") == {at.id, over.id}
    assert awarded("exam-ace") == set()
    award = Award.objects.get(badge__code="exam-95", employee=over)
    with translation.override("zh-hans"):
        assert describe_facts(award) == "2026-10 月考 96 分 ≥ 95"
    with translation.override("en"):
        assert describe_facts(award) == "2026-10 monthly exam 96 points ≥ 95"


def test_running_the_month_twice_awards_nothing_twice(org, kpi_day):
    kpi_day(org.agents["sz-a"][0], OCT, exam_score=100)
    first = award_period("2026-10").counts
    assert first["exam-ace"] == 1 and first["exam-95"] == 1
    again = award_period("2026-10").counts
    assert again["exam-ace"] == 0 and again["exam-95"] == 0
    assert Award.objects.filter(badge__code="exam-ace").count() == 1


def test_the_runs_new_badges_reach_each_person_with_an_active_account_once_with_each_level_they_pass(org, kpi_day):
    agent_user = org.users[Role.AGENT]
    with_account, without_account, inactive = org.agents["sz-a"]
    gone = UserFactory(username="gone", employee=inactive, is_active=False)
    Badge.objects.filter(code="exam-ace").update(points=100)  # 铜牌 (100) with it
    Badge.objects.filter(code="exam-95").update(points=200)  # and 银牌 (300) with the next badge of the same run
    for person in (with_account, without_account, inactive):
        kpi_day(person, OCT, exam_score=100)
    award_period("2026-10")
    mine = InboxItem.objects.filter(recipient=agent_user)
    with translation.override("zh-hans"):
        badges = [title_of(i) for i in mine.filter(kind="recognition.badge_awarded")]
        levels = [title_of(i) for i in mine.filter(kind="recognition.level_up")]
    assert any("月考满分" in title and "2026-10" in title for title in badges)
    assert len(levels) == 2 and any("铜牌" in t for t in levels) and any("银牌" in t for t in levels)
    assert {i.url for i in mine} == {f"/people/{with_account.employee_no}/?tab=growth"}
    assert Award.objects.filter(badge__code="exam-ace").count() == 3  # all three earned it; two are not told:
    assert not InboxItem.objects.filter(recipient=gone).exists()  # an inactive account
    told_about = {i.url for i in InboxItem.objects.all()}
    assert not {f"/people/{p.employee_no}/?tab=growth" for p in (without_account, inactive)} & told_about
    delivered = mine.count()
    award_period("2026-10")  # the same month again: nothing new, nothing twice
    assert mine.count() == delivered


def test_late_kpi_adds_what_is_now_earned_and_a_correction_removes_nothing(org, kpi_day):
    early, late = org.agents["sz-a"][:2]
    kpi_day(early, OCT, exam_score=97)
    award_period("2026-10")
    kpi_day(late, OCT, exam_score=98)  # imported after the run
    kpi_day(early, OCT, exam_score=90)  # corrected below the bar after the run
    counts = award_period("2026-10").counts
    assert counts["exam-95"] == 1
    assert awarded("exam-95") == {early.id, late.id}
    assert Award.objects.get(badge__code="exam-95", employee=early).revoked_at is None


def test_a_revoked_award_stays_in_history_and_a_rerun_does_not_give_it_back(org, kpi_day):
    agent = org.agents["sz-a"][0]
    hr = org.users["hr_admin"]
    kpi_day(agent, OCT, exam_score=99)
    award_period("2026-10")
    award = Award.objects.get(badge__code="exam-95", employee=agent)
    with pytest.raises(Invalid) as refused:
        revoke_award(award=award, by=hr, reason="  ")
    assert refused.value.code == "reason_required"
    revoke_award(award=award, by=hr, reason="考试作弊")
    award_period("2026-10")
    award.refresh_from_db()
    assert award.revoked_by == hr and award.revoke_reason == "考试作弊"
    assert Award.objects.filter(badge__code="exam-95", employee=agent).count() == 1
    # the tenure badges (90 days 10, 1 year 20) and the month's passed exam (5); the revoked badge gives none
    assert points_of([agent.id])[agent.id] == 35
    with pytest.raises(Conflict):
        revoke_award(award=award, by=hr, reason="again")


def test_team_leader_nominates_a_member_with_a_reason_and_revokes_it(org):
    leader = org.users["team_leader"]
    member, badge = org.agents["sz-a"][1], Badge.objects.get(code="good-example")
    award = award_by_hand(badge=badge, employee=member, by=leader, reason="主动帮助新人", on=OCT)
    assert award.occasion == "2026-10"
    with translation.override("zh-hans"):
        assert describe_facts(award).endswith("主动帮助新人")
    with pytest.raises(Conflict):
        award_by_hand(badge=badge, employee=member, by=leader, reason="again", on=OCT)
    revoke_award(award=award, by=leader, reason="重复提名")
    assert Award.objects.get(pk=award.pk).revoke_reason == "重复提名"


def test_nomination_refused_for_oneself_another_team_a_rule_badge_and_without_reason(org):
    leader = org.users["team_leader"]
    badge = Badge.objects.get(code="good-example")
    with pytest.raises(Forbidden) as own:
        award_by_hand(badge=badge, employee=leader.employee, by=leader, reason="x")
    assert own.value.code == "self_award"
    with pytest.raises(NotFound):  # sz-b is not the leader's team: as if the person did not exist
        award_by_hand(badge=badge, employee=org.agents["sz-b"][0], by=leader, reason="x")
    with pytest.raises(Invalid) as rule:
        award_by_hand(badge=Badge.objects.get(code="exam-ace"), employee=org.agents["sz-a"][0], by=leader, reason="x")
    assert rule.value.code == "not_by_hand"
    with pytest.raises(Invalid) as empty:
        award_by_hand(badge=badge, employee=org.agents["sz-a"][0], by=leader, reason="")
    assert empty.value.code == "reason_required"


def test_tenure_90_days_is_earned_90_days_after_hire_not_a_day_before(framework):
    day_89 = EmployeeFactory(hire_date=datetime.date(2026, 8, 3))  # 90 days after: 1 November
    day_90 = EmployeeFactory(hire_date=datetime.date(2026, 8, 2))  # 90 days after: 31 October
    left = EmployeeFactory(hire_date=datetime.date(2026, 7, 1), exit_date=datetime.date(2026, 9, 1))
    award_period("2026-10")
    assert day_89.id not in awarded("tenure-90d") and left.id not in awarded("tenure-90d")
    assert day_90.id in awarded("tenure-90d")
    award = Award.objects.get(badge__code="tenure-90d", employee=day_90)
    assert award.earned_on == datetime.date(2026, 10, 31) and award.occasion == "once"
    award_period("2026-11")
    assert Award.objects.filter(badge__code="tenure-90d", employee=day_90).count() == 1


def test_one_year_tenure_of_a_29_february_hire_falls_on_28_february(framework):
    leap = EmployeeFactory(hire_date=datetime.date(2024, 2, 29))
    award_period("2025-01")
    assert leap.id not in awarded("tenure-1y")
    award_period("2025-02")
    assert Award.objects.get(badge__code="tenure-1y", employee=leap).earned_on == datetime.date(2025, 2, 28)


def test_top_10_percent_of_twenty_peers_is_rank_2_not_rank_3(org, ranks):
    second, third = org.agents["sz-a"][:2]
    ranks("2026-10", 20, [(second, 2), (third, 3)])
    award_period("2026-10")
    assert awarded("kpi-top10-month") == {second.id}
    with translation.override("zh-hans"):
        assert describe_facts(Award.objects.get(badge__code="kpi-top10-month")) == "2026-10 综合排名 2 / 20(前 10%)"
    assert awarded("kpi-top10-quarter") == set()


def test_quarter_badge_is_given_with_the_quarters_last_month(org, ranks):
    best = org.agents["sz-a"][0]
    ranks("2026Q4", 20, [(best, 1)])
    award_period("2026-11")
    assert awarded("kpi-top10-quarter") == set()
    award_period("2026-12")
    assert Award.objects.get(badge__code="kpi-top10-quarter").occasion == "2026Q4"


def test_qa_star_needs_three_months_running_at_95(org, kpi_day):
    steady, slipped = org.agents["sz-a"][:2]
    for month, low in ((8, 95), (9, 94.9), (10, 99)):
        kpi_day(steady, datetime.date(2026, month, 3), qa_score=95)
        kpi_day(slipped, datetime.date(2026, month, 3), qa_score=low)
    award_period("2026-10")
    assert awarded("qa-star") == {steady.id}


def test_finishing_the_pre_job_course_gives_the_graduate_badge_once(org):
    agent = org.agents["sz-a"][0]
    CourseCompletion.objects.create(employee=agent, course=Course.objects.get(code="pre-job-program"), credits=6,
                                    completed_on=datetime.date(2026, 9, 20))
    award_period("2026-10")
    award_period("2026-11")
    award = Award.objects.get(badge__code="pre-job-graduate")
    assert award.employee == agent and award.earned_on == datetime.date(2026, 9, 20)
    with translation.override("zh-hans"):
        assert describe_facts(award) == "2026-09-20 完成岗前培训"


def test_a_program_badge_goes_to_completed_enrolments_only(org):
    done, under_way = org.agents["sz-a"][:2]
    Badge.objects.create(code="pre-job-program-done", name="岗前项目结业", rule=Badge.Rule.PROGRAM,
                         params={"program": "pre-job"})
    program = Program.objects.get(code="pre-job")
    Enrolment.objects.create(employee=done, program=program, kind="assigned", reason="新员工",
                             status=Enrolment.Status.COMPLETED, completed_on=datetime.date(2026, 10, 2))
    Enrolment.objects.create(employee=under_way, program=program, kind="assigned", reason="新员工")
    award_period("2026-10")
    assert awarded("pre-job-program-done") == {done.id}


def test_points_and_level_with_points_to_the_next(org, kpi_day):
    agent = org.agents["sz-a"][0]
    kpi_day(agent, OCT, exam_score=100)
    award_period("2026-10")  # exam-ace 30 + exam-95 15 (+ tenure badges of a 2024 hire: 90 days 10, 1 year 20)
    points = points_of([agent.id])[agent.id]
    assert points == 80  # and 5 for the month's passed exam (the points table)
    progress = level_progress(points)
    assert progress.level.name == "见习" and progress.next_level.name == "铜牌" and progress.to_next == 20


def test_a_quarter_is_refused_as_a_run_period(framework):
    with pytest.raises(Invalid) as refused:
        award_period("2026Q4")
    assert refused.value.code == "bad_period"


def test_cli_awards_the_month_and_the_background_task_reports_its_count(org, kpi_day, capsys):
    kpi_day(org.agents["sz-a"][0], OCT, exam_score=96)
    call_command("recognition", "award", "--period", "2026-10")
    out = capsys.readouterr().out
    assert "exam-95: 1" in out
    result = run_awards.enqueue("2026-10")
    assert result.return_value["by_badge"]["exam-95"] == 0


def test_the_runs_items_name_the_badge_in_both_languages_the_occasion_and_the_points_reached(org, kpi_day):
    agent_user = org.users[Role.AGENT]
    agent = agent_user.employee
    ace = Badge.objects.get(code="exam-ace")
    Badge.objects.filter(code="exam-ace").update(points=100)
    kpi_day(agent, OCT, exam_score=100)
    award_period("2026-10")
    award = Award.objects.get(badge=ace, employee=agent)
    item = InboxItem.objects.get(recipient=agent_user, kind="recognition.badge_awarded", key__endswith=f":{award.pk}")
    assert item.params == {"badge": {"zh-hans": ace.name, "en": ace.name_en}, "occasion": "2026-10"}
    assert item.key == f"recognition.badge_awarded:{award.pk}"
    [level_up] = InboxItem.objects.filter(recipient=agent_user, kind="recognition.level_up")
    level = XpLevel.objects.get(code=level_up.key.rsplit(":", 1)[1])
    assert level_up.key == f"recognition.level_up:{agent.pk}:{level.code}"
    assert level_up.params["level"] == {"zh-hans": level.name, "en": level.name_en}
    assert type(level_up.params["points"]) is int
    assert level.min_points <= level_up.params["points"] <= points_of([agent.id])[agent.id]
    with translation.override("zh-hans"):
        assert level.name in title_of(level_up) and str(level_up.params["points"]) in title_of(level_up)


def test_the_run_tells_a_whole_team_in_as_many_queries_as_nobody(org, kpi_day, queries):
    people = org.agents["sz-b"]
    for person in people:
        kpi_day(person, OCT, exam_score=100)
    nobody_told = queries.of(lambda: award_period("2026-10"))
    assert not InboxItem.objects.filter(recipient__employee__in=people).exists()
    Award.objects.all().delete()
    for person in people:
        UserFactory(employee=person)
    everybody_told = queries.of(lambda: award_period("2026-10"))
    assert InboxItem.objects.filter(kind="recognition.badge_awarded", recipient__employee__in=people).count() \
        == Award.objects.filter(employee__in=people).count() > len(people)
    assert everybody_told == nobody_told


def test_the_months_next_run_tells_what_its_first_did_not_and_nothing_twice(org, kpi_day):
    agent_user = org.users[Role.AGENT]
    newcomer = org.agents["sz-a"][1]  # no login at the first run: nobody is told of their badges
    for person in (agent_user.employee, newcomer):
        kpi_day(person, OCT, exam_score=100)
    award_period("2026-10")
    told_before = InboxItem.objects.filter(recipient=agent_user).count()
    login = UserFactory(username="newcomer", employee=newcomer)
    again = award_period("2026-10")  # creates no award, tells the newcomer of the month's
    assert again.total == 0
    assert set(InboxItem.objects.filter(recipient=login, kind="recognition.badge_awarded").values_list(
        "key", flat=True)) == {f"recognition.badge_awarded:{pk}" for pk in
                               Award.objects.filter(employee=newcomer, run_period="2026-10").values_list("pk",
                                                                                                          flat=True)}
    assert InboxItem.objects.filter(recipient=agent_user).count() == told_before
