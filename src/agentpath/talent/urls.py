from django.urls import path

from . import (
    assessment_views,
    nine_box_views,
    potential_views,
    review_views,
    round_views,
    staffing_views,
    succession_views,
)

app_name = "talent"
urlpatterns = [
    path("rounds/", round_views.round_list, name="round-list"),
    path("rounds/open/", round_views.round_open, name="round-open"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/action/", round_views.round_action, name="round-action"),
    path("rounds/<int:pk>/decide/", round_views.round_decide, name="round-decide"),
    path("rounds/<int:pk>/recommend/", round_views.round_recommend, name="round-recommend"),
    path("rounds/<int:pk>/nominate/", round_views.round_nominate, name="round-nominate"),
    path("reviews/", review_views.reviews, name="reviews"),
    path("reviews/open/", review_views.reviews_open, name="reviews-open"),
    path("reviews/<int:pk>/result/", review_views.review_result, name="review-result"),
    path("reviews/<int:pk>/decide/", review_views.review_decide, name="review-decide"),
    path("staffing/", staffing_views.staffing_page, name="staffing"),
    path("staffing/export/", staffing_views.staffing_export, name="staffing-export"),
    path("nine-box/", nine_box_views.nine_box_list, name="nine-box-list"),
    path("nine-box/open/", nine_box_views.nine_box_open, name="nine-box-open"),
    path("nine-box/<int:pk>/", nine_box_views.nine_box_detail, name="nine-box-detail"),
    path("nine-box/<int:pk>/move/", nine_box_views.nine_box_move, name="nine-box-move"),
    path("nine-box/<int:pk>/freeze/", nine_box_views.nine_box_freeze, name="nine-box-freeze"),
    path("succession/", succession_views.succession_page, name="succession"),
    path("succession/add/", succession_views.succession_add, name="succession-add"),
    path("succession/readiness/", succession_views.succession_readiness, name="succession-readiness"),
    path("succession/remove/", succession_views.succession_remove, name="succession-remove"),
    path("competencies/", assessment_views.competency_list, name="competencies"),
    path("competencies/<str:employee_no>/", assessment_views.competency_person, name="competency-person"),
    path("competencies/<str:employee_no>/assess/", assessment_views.competency_assess, name="competency-assess"),
    path("potential/", potential_views.potential_list, name="potential"),
    path("potential/<str:employee_no>/", potential_views.potential_person, name="potential-person"),
]
