from django.urls import path

from . import views

app_name = "development"

urlpatterns = [
    path("anchors/", views.anchors_take, name="anchors-take"),
    path("anchors/reliability/", views.anchor_reliability, name="anchor-reliability"),
    path("team/", views.team, name="team"),
    path("<str:employee_no>/", views.workspace, name="workspace"),
    path("<str:employee_no>/anchors/", views.anchor_profile, name="anchor-profile"),
    path("<str:employee_no>/conversations/", views.conversation, name="conversation"),
    path("<str:employee_no>/plan/", views.plan_step, name="plan-step"),
    path("<str:employee_no>/want-fit-can/", views.want_fit_can, name="want-fit-can"),
    path("<str:employee_no>/idp/", views.idp_edit, name="idp-edit"),
    path("<str:employee_no>/idp/actions/", views.idp_action_add, name="idp-action-add"),
    path("<str:employee_no>/idp/prefill/", views.idp_prefill, name="idp-prefill"),
    path("<str:employee_no>/idp/progress/", views.idp_progress, name="idp-progress"),
    path("<str:employee_no>/idp/submit/", views.idp_submit, name="idp-submit"),
    path("<str:employee_no>/idp/return/", views.idp_return, name="idp-return"),
    path("<str:employee_no>/idp/agree/", views.idp_agree, name="idp-agree"),
    path("<str:employee_no>/idp/review/", views.idp_review, name="idp-review"),
    path("<str:employee_no>/document/", views.document, name="document"),
    path("<str:employee_no>/document.pdf", views.document_pdf, name="document-pdf"),
]
