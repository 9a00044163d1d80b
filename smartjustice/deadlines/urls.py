from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.rules, name="rules"),
    path("compute", views.compute, name="compute"),
]
