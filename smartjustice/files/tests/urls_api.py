"""Test URLconf: the site plus this app's API mounted as the lead mounts it (/api/v1/files/)."""
from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns
from smartjustice.files.api import api_urlpatterns

urlpatterns = [
    path("api/v1/files/", include((api_urlpatterns, "v1"), namespace="v1")),
    *site_urlpatterns,
]
