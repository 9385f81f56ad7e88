from django.contrib.auth import views as auth_views
from django.urls import path

from halte.desk import views

app_name = "desk"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.login_code_view, name="login_code"),
    path("two-step/", views.two_step_view, name="two_step"),
    path("logout/", auth_views.LogoutView.as_view(next_page="desk:login"), name="logout"),
    path("", views.queue_view, name="queue"),
    path("case/<int:case_id>/", views.case_view, name="case"),
    path("case/<int:case_id>/reply/", views.reply_view, name="reply"),
    path("case/<int:case_id>/note/", views.note_view, name="note"),
    path("case/<int:case_id>/state/", views.state_view, name="state"),
    path("case/<int:case_id>/handover/", views.handover_view, name="handover"),
    path("case/<int:case_id>/triage/", views.triage_view, name="triage"),
    path("case/<int:case_id>/address/", views.correct_address_view, name="correct_address"),
    path("case/<int:case_id>/ask-carrier/", views.ask_carrier_view, name="ask_carrier"),
    path("case/<int:case_id>/remedy/", views.remedy_view, name="remedy"),
    path("case/<int:case_id>/voucher/", views.voucher_view, name="voucher"),
    path("case/<int:case_id>/intent/", views.intent_view, name="intent"),
    path("case/<int:case_id>/gift/thanks/", views.gift_thanks_view, name="gift_thanks"),
    path("case/<int:case_id>/gift/sender/", views.gift_sender_view, name="gift_sender"),
    path("audit/", views.audit_view, name="audit"),
    path("effort/", views.effort_view, name="effort"),
    path("privacy/", views.privacy_view, name="privacy"),
    path("returns/", views.returns_view, name="returns"),
    path("attachments/<int:attachment_id>/", views.attachment_view, name="attachment"),
]
