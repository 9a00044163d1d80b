from django.urls import path

from . import views
from . import views_programme as programme
from . import views_transfer as transfer

app_name = "correction"

urlpatterns = [
    # Service end (the person under correction, on a phone).
    path("me/", views.my_home, name="me"),
    path("me/check-in/", views.my_check_in, name="check_in"),
    path("me/report/", views.my_report, name="report"),
    path("me/leave/", views.my_leave, name="leave"),
    path("me/leave/<int:leave_id>/return/", views.my_leave_return, name="leave_return"),
    path("me/objections/<str:target>/<int:target_id>/", views.my_objection, name="objection"),
    path("me/report/voice/", programme.my_voice_report, name="voice_report"),
    path("me/learning/", programme.my_learning, name="learning"),
    path("me/learning/courses/<int:course_id>/", programme.my_course, name="course"),
    path("me/learning/sessions/<int:session_id>/heartbeat", programme.study_heartbeat, name="study_heartbeat"),
    path("me/learning/sessions/<int:session_id>/close", programme.study_close, name="study_close"),
    path("me/assessments/<slug:code>/", programme.my_assessment, name="assessment"),
    path("me/assistance/", programme.my_assistance, name="assistance"),
    path("me/residence/", programme.my_residence, name="residence"),
    path("me/leave/<int:leave_id>/trip/", programme.my_trip, name="trip"),
    path("me/spot-checks/", programme.my_spot_checks, name="my_spot_checks"),
    path("me/spot-checks/<int:check_id>/join/", programme.my_spot_check_join, name="spot_check_join"),
    # Governance end (officers) and the cockpit (supervisors).
    path("", views.workbench, name="workbench"),
    path("subjects/", views.subject_list, name="subjects"),
    path("subjects/<int:subject_id>/", views.subject_detail, name="subject"),
    path("leave/<int:leave_id>/decide/", views.leave_decide, name="leave_decide"),
    path("alerts/<int:alert_id>/triage/", views.alert_triage, name="alert_triage"),
    path("alerts/false-report/", views.false_alert_report, name="false_alert_report"),
    path("cockpit/", views.cockpit, name="cockpit"),
    path("subjects/<int:subject_id>/welfare/", programme.record_welfare, name="record_welfare"),
    path("subjects/<int:subject_id>/field-visits/", programme.record_visit, name="record_visit"),
    path("subjects/<int:subject_id>/spot-checks/", programme.issue_check, name="issue_spot_check"),
    path("subjects/<int:subject_id>/assessments/new/", programme.enter_assessment, name="enter_assessment"),
    path("subjects/<int:subject_id>/assessments/new/<slug:code>/", programme.enter_assessment, name="enter_assessment_form"),
    path("spot-checks/<int:check_id>/result/", programme.record_check, name="record_spot_check"),
    path("assessments/<int:assessment_id>/review/", programme.review_assessment, name="review_assessment"),
    path("assistance/<int:request_id>/", programme.handle_assistance, name="handle_assistance"),
    path("residence/<int:change_id>/decide/", transfer.decide_residence, name="decide_residence"),
    # Change of execution place (变更执行地, 《社区矫正法》第二十七条第二款).
    path("transfers/incoming/", transfer.incoming_transfers, name="incoming_transfers"),
    path("transfers/<int:transfer_id>/", transfer.transfer_detail, name="transfer"),
    path("transfers/<int:transfer_id>/accept/", transfer.accept_transfer, name="accept_transfer"),
]
