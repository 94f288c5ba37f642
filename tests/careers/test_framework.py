"""The default framework (DOMAIN.md C1) and the framework's validation rules."""
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from agentpath.accounts.models import Role
from agentpath.careers.models import Framework, Level, Position, Requirement, Track, Transition
from agentpath.learning.models import Course

pytestmark = pytest.mark.django_db


def test_cola_roadmap_has_its_seven_rows_with_grade_bands_bottom_to_top(framework):
    rows = list(Level.objects.filter(track__code="cola").order_by("order")
                .values_list("name", "corporate_title", "grade_min", "grade_max"))
    assert rows == [("代表", "代表", 6, 8), ("初级/资深专员", "F1", 6, 8), ("专员", "F2", 6, 8),
                    ("高级专员", "高级专员", 6, 8), ("资深专员", "F3", 6, 8), ("副经理", "副经理", 1, 6),
                    ("经理", "F4", 1, 6)]


def test_cola_rows_carry_their_function_titles_and_training_courses(framework):
    senior = Level.objects.get(code="cola-senior")
    titles = set(senior.positions.values_list("name", flat=True))
    assert {"客服组长", "HD/QA 组长", "TIG 专员", "培训师专员", "风险管理专员"} <= titles
    courses = set(Requirement.objects.filter(level__code="cola-f4", kind="required_course")
                  .values_list("course__name_en", flat=True))
    assert courses == {"Train the Trainer", "Project Management", "HR Development", "Budget planning and control"}


def test_vip_track_goes_up_and_down_and_sideways_after_senior_vip_manager(framework):
    vip = Track.objects.get(code="vip")
    assert list(vip.levels.order_by("order").values_list("name", flat=True)) == [
        "客服助理", "VIP客户经理", "高级VIP客户经理", "客服主管"]
    laterals = set(Transition.objects.filter(from_level__code="vip-senior", kind="lateral")
                   .values_list("to_level__code", flat=True))
    assert laterals == {"trainer", "qa-officer"}
    assert Transition.objects.filter(from_level__code="vip-manager", to_level__code="vip-assistant",
                                     kind="demotion").exists()


def test_management_ladder_of_seed_003(framework):
    names = list(Level.objects.filter(track__code="mgmt").order_by("order").values_list("name", flat=True))
    assert names == ["客服代表", "组长/领班", "主管", "客服经理", "客服总监"]


def test_loading_twice_changes_nothing(framework):
    before = (Level.objects.count(), Transition.objects.count(), Requirement.objects.count(), Course.objects.count(),
              Requirement.history.count(), Framework.objects.get().version)
    call_command("load-framework", "cola", stdout=open("/dev/null", "w"))
    after = (Level.objects.count(), Transition.objects.count(), Requirement.objects.count(), Course.objects.count(),
             Requirement.history.count(), Framework.objects.get().version)
    assert before == after


def test_editing_a_requirement_makes_a_new_framework_version_and_keeps_history(framework):
    fw = Framework.objects.get()
    req = Requirement.objects.filter(kind="min_months_in_level").first()
    req.value = 9
    req.save()
    fw.refresh_from_db()
    assert fw.version == 2
    assert [h.value for h in req.history.order_by("history_date")][-1] == 9


def test_a_reversed_grade_band_is_refused_with_a_clear_message(framework):
    level = Level(track=Track.objects.get(code="qa"), code="qa-x", order=9, name="X", grade_min=7, grade_max=5)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        level.full_clean()
    with translation.override("zh-hans"):
        assert "职等带 7–5 顺序颠倒" in str(err.value)


def test_two_levels_cannot_share_a_step_in_one_track(framework):
    level = Level(track=Track.objects.get(code="qa"), code="qa-x", order=1, name="X", grade_min=5, grade_max=6)
    with translation.override("en"), pytest.raises(ValidationError) as err:
        level.full_clean()
    with translation.override("en"):
        assert "already taken by 质检员" in str(err.value)


def test_a_transition_to_itself_is_refused_unless_it_is_a_grade_step(framework):
    agent = Level.objects.get(code="mgmt-agent")
    with translation.override("en"), pytest.raises(ValidationError) as err:
        Transition(from_level=agent, to_level=agent, kind="promotion").full_clean()
    with translation.override("en"):
        assert "cannot lead to where it starts" in str(err.value)
    Transition(from_level=agent, to_level=agent, kind="grade_step", note="x").full_clean(validate_unique=False, validate_constraints=False)


def test_a_promotion_must_go_up_its_track(framework):
    with translation.override("en"), pytest.raises(ValidationError) as err:
        Transition(from_level=Level.objects.get(code="mgmt-tl"), to_level=Level.objects.get(code="mgmt-agent"),
                   kind="promotion").full_clean()
    with translation.override("en"):
        assert "higher step" in str(err.value)


def test_requirement_rules_name_what_is_missing(framework):
    tr = Transition.objects.filter(kind="promotion").first()
    with translation.override("en"), pytest.raises(ValidationError) as err:
        Requirement(transition=tr, kind="min_kpi_percentile", value=120).full_clean()
    with translation.override("en"):
        messages = str(err.value)
    assert "between 0 and 100; 120" in messages and "how many recent quarters" in messages
    with pytest.raises(ValidationError):
        Requirement(transition=tr, level=tr.to_level, kind="supervisor_nomination").full_clean()


def test_key_positions_are_marked_for_succession(framework):
    assert set(Position.objects.filter(is_key=True).values_list("code", flat=True)) >= {
        "team-leader", "supervisor", "qa-lead", "trainer"}


def test_framework_api_lists_tracks_levels_transitions_and_requirements(client, org):
    client.force_login(org.users[Role.AGENT])
    data = client.get("/api/v1/framework").json()
    mgmt = next(t for t in data["tracks"] if t["code"] == "mgmt")
    agent = mgmt["levels"][0]
    assert agent["code"] == "mgmt-agent" and agent["grade_min"] == 7
    to_tl = next(t for t in agent["transitions"] if t["to_level"] == "mgmt-tl")
    assert {r["kind"] for r in to_tl["requirements"]} >= {"min_months_in_level", "supervisor_nomination"}
