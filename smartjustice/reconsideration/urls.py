from django.urls import path

from . import views

app_name = "reconsideration"
urlpatterns = [
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("respondent/cases/<int:pk>/", views.respondent_case, name="respondent_case"),
]
