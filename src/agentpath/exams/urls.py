from django.urls import path

from . import views

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
]
