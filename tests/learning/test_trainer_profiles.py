"""Trainer profiles: HR edits every field, the trainer their own bio and specialties; the list for HR and center
managers is scoped by center; the trainer path is the framework's trainer track and where the trainer stands."""
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from agentpath.accounts.models import Role
from agentpath.careers.models import Level
from agentpath.learning.models import Course, CourseCompletion, TrainerProfile
from agentpath.learning.services import save_trainer_profile
from tests.factories import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def gz_trainer(org):
    trainer = UserFactory(username="gz-trainer", role=Role.TRAINER, first_name="广州讲师")
    trainer.centers.add(org.centers[1])
    return trainer


def test_hr_edits_a_trainer_profile_and_the_trainer_their_own_bio(org, client_for):
    trainer, hr = org.users["trainer"], org.users[Role.HR_ADMIN]
    url = f"/training/trainers/people/{trainer.username}/"
    response = client_for(hr).post(url, {"step": "senior", "since": "2024-05-01", "specialties": "投诉处理",
                                         "bio": "十年一线经验"})
    assert response.status_code == 302
    page = client_for(hr).get(url, **ZH).content.decode()
    assert "高级内训师" in page.split('data-testid="trainer-profile"')[1].split("</dl>")[0] and "投诉处理" in page and "十年一线经验" in page
    own = client_for(trainer)
    form = own.get(url, **ZH).content.decode()
    assert 'name="bio"' in form and 'name="step"' not in form  # the trainer edits bio and specialties only
    own.post(url, {"specialties": "投诉处理、营销", "bio": "擅长案例教学", "step": "associate"})
    profile = TrainerProfile.objects.get(user=trainer)
    assert (profile.step, profile.specialties, profile.bio, profile.since) == (
        "senior", "投诉处理、营销", "擅长案例教学", datetime.date(2024, 5, 1))
    assert profile.updated_by == trainer
    with pytest.raises(PermissionDenied):
        save_trainer_profile(trainer, trainer, {"step": "associate"})


def test_center_manager_lists_the_trainers_of_their_centers_and_reads_but_does_not_edit(org, gz_trainer,
                                                                                        client_for):
    manager = client_for(org.users[Role.CENTER_MANAGER])
    page = manager.get("/training/trainers/people/", **ZH).content.decode()
    assert org.users["trainer"].username in page or org.users["trainer"].get_full_name() in page
    assert "广州讲师" not in page
    assert manager.get("/training/trainers/people/gz-trainer/").status_code == 404
    url = f"/training/trainers/people/{org.users['trainer'].username}/"
    assert manager.get(url).status_code == 200
    assert manager.post(url, {"bio": "x"}).status_code == 403
    assert not TrainerProfile.objects.exists()
    hr_page = client_for(org.users[Role.HR_ADMIN]).get("/training/trainers/people/", **ZH).content.decode()
    assert "广州讲师" in hr_page


def test_trainer_list_exports_every_row_it_shows(org, gz_trainer, client_for):
    TrainerProfile.objects.create(user=gz_trainer, step="trainer", specialties="系统操作",
                                  since=datetime.date(2025, 1, 6))
    response = client_for(org.users[Role.HR_ADMIN]).get("/training/trainers/people/?format=xlsx", **ZH)
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("用户名", "名称", "中心", "内训师路径阶段")
    row = next(r for r in rows if r[0] == "gz-trainer")
    assert row[2:5] == ("广州中心", "认证内训师", "系统操作")
    assert len(rows) == 1 + 2  # the two trainers


def test_trainer_path_shows_the_trainer_track_and_where_the_trainer_stands(org, client_for):
    trainer = org.users["trainer"]
    trainer.employee = EmployeeFactory(center=org.centers[0], team=None, level=Level.objects.get(code="trainer"),
                                       name="王讲师", hire_date=datetime.date(2021, 3, 1))
    trainer.save()
    client = client_for(trainer)
    page = client.get(f"/training/trainers/people/{trainer.username}/", **ZH).content.decode()
    path = page.split('data-testid="trainer-path"')[1]
    assert "在内训师通道上的职级为内训师/培训导师。" in path
    levels = path.split('data-testid="trainer-level"')[1:]
    assert ['data-state="current"' in lv for lv in levels] == [True, False, False]
    assert "高级内训师" in levels[1] and "培训主管" in levels[2]
    course = Course.objects.get(code="presentation-skills")

    def course_check():
        page = client.get(f"/training/trainers/people/{trainer.username}/", **ZH).content.decode()
        rows = [r for r in page.split('data-target="trainer-senior"')[1].split("</table>")[0].split("<tr")
                if 'data-kind="required_course"' in r]
        assert len(rows) == 1 and course.name in rows[0]
        return rows[0]

    assert "✘" in course_check()
    CourseCompletion.objects.create(employee=trainer.employee, course=course, credits=course.credits,
                                    completed_on=datetime.date(2026, 3, 1))
    assert "✔" in course_check()


def test_a_trainer_without_an_employee_record_sees_the_track_and_that_their_level_is_unknown(org, client_for):
    page = client_for(org.users["trainer"]).get("/training/trainers/", **ZH).content.decode()
    assert "此内训师在通道上的位置未知" in page
    assert page.count('data-testid="trainer-level"') == 3
