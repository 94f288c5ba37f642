from django.urls import path

from . import authoring_views, views

app_name = "exams"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:exam_id>/start/", views.start, name="start"),
    path("<int:exam_id>/results/", views.exam_detail, name="exam-detail"),
    path("attempts/<int:attempt_id>/", views.take, name="take"),
    path("attempts/<int:attempt_id>/answer/", views.save_answer, name="save-answer"),
    path("attempts/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("attempts/<int:attempt_id>/result/", views.result, name="result"),
    path("grading/", views.grading_queue, name="grading"),
    path("grading/<int:answer_id>/", views.grade, name="grade"),
    path("questions/", views.question_import, name="question-import"),
    path("questions/versions/<int:version_id>/regrade/", views.regrade, name="regrade"),
    path("questions/template.xlsx", views.question_template, name="question-template"),
    path("manage/", authoring_views.exam_list, name="authoring"),
    path("manage/new/", authoring_views.exam_create, name="exam-create"),
    path("manage/<int:exam_id>/", authoring_views.exam_edit, name="exam-edit"),
    path("manage/<int:exam_id>/schedule/", authoring_views.exam_schedule, name="exam-schedule"),
    path("questions/bank/", authoring_views.question_bank, name="question-bank"),
    path("questions/<int:question_id>/status/", authoring_views.question_status, name="question-status"),
]
