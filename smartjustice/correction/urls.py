from django.urls import path

from . import views

app_name = "correction"

urlpatterns = [
    # Service end (the person under correction, on a phone).
    path("me/", views.my_home, name="me"),
    path("me/check-in/", views.my_check_in, name="check_in"),
    path("me/report/", views.my_report, name="report"),
    path("me/leave/", views.my_leave, name="leave"),
    path("me/leave/<int:leave_id>/return/", views.my_leave_return, name="leave_return"),
    path("me/objections/<str:target>/<int:target_id>/", views.my_objection, name="objection"),
    # Governance end (officers) and the cockpit (supervisors).
    path("", views.workbench, name="workbench"),
    path("subjects/", views.subject_list, name="subjects"),
    path("subjects/<int:subject_id>/", views.subject_detail, name="subject"),
    path("leave/<int:leave_id>/decide/", views.leave_decide, name="leave_decide"),
    path("alerts/<int:alert_id>/triage/", views.alert_triage, name="alert_triage"),
    path("alerts/false-report/", views.false_alert_report, name="false_alert_report"),
    path("cockpit/", views.cockpit, name="cockpit"),
]
