"""Test URLconf: the project's URLs plus the deadline API where the lead will mount it."""
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns
from smartjustice.deadlines.api import api_urlpatterns

urlpatterns = [
    path("api/v1/deadlines/", include((api_urlpatterns, "v1"), namespace="v1")),
    *project_urlpatterns,
]
