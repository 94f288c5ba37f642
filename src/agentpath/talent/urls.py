from django.urls import path

from . import review_views, round_views, staffing_views

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
]
