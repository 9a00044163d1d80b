"""The versioned REST API: /api/v1/..., schema at /api/schema, docs at /api/docs."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

app_name = "api"

v1_patterns: list = []

urlpatterns = [
    path("v1/", include((v1_patterns, "v1"), namespace="v1")),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
]
