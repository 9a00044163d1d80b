from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("register/", views.register_citizen, name="register_citizen"),
    path("register/enterprise/", views.register_enterprise, name="register_enterprise"),
    path("profile/", views.profile, name="profile"),
]
