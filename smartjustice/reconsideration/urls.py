from django.urls import path

from . import views

app_name = "reconsideration"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/<int:pk>/", views.apply, name="apply_draft"),
    path("mine/", views.my_cases, name="my_cases"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("cases/<int:pk>/upload/", views.upload, name="upload"),
    path("workbench/", views.workbench, name="workbench"),
    path("workbench/<int:pk>/", views.officer_case, name="officer_case"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.csv", views.statistics_export, name="statistics_export"),
    path("supervision/", views.supervision, name="supervision"),
    path("respondent/", views.respondent_list, name="respondent_list"),
    path("respondent/cases/<int:pk>/", views.respondent_case, name="respondent_case"),
    path("verify/", views.verify, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
