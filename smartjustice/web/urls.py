from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("portal/", views.portal, name="portal"),
    path("workbench/", views.workbench, name="workbench"),
    path("preferences/elderly-mode/", views.set_elderly_mode, name="set_elderly_mode"),
    path("preferences/language/", views.set_language, name="set_language"),
]
