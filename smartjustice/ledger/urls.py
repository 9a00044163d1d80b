from django.urls import path, re_path

from . import views

app_name = "ledger"
urlpatterns = [
    path("log/checkpoint", views.log_checkpoint, name="log-checkpoint"),
    re_path(r"^log/tile/entries/(?P<index>[0-9x/]+(?:\.p/[0-9]+)?)$", views.log_entries, name="log-entries"),
    re_path(r"^log/tile/(?P<level>[0-9]+)/(?P<index>[0-9x/]+(?:\.p/[0-9]+)?)$", views.log_tile, name="log-tile"),
    path("verify", views.verify, name="verify"),
    path("register", views.register, name="register"),
    path("receipt/<str:number>", views.receipt, name="receipt"),
    path("status", views.status, name="status"),
]
