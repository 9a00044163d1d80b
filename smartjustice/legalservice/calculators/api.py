"""POST /api/v1/calculators/NAME: the same JSON as `smartjustice calc NAME --input JSON`.

Public legal information: anonymous callers are allowed. Errors use the shared error shape
({"error": {"code", "message", "fields"}}) with the codes of calculators.errors.
"""
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .registry import CALCULATORS


class CalculatorListView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="calculators_list")
    def get(self, request, *args, **kwargs):
        return Response({"results": [{"name": c.name, "title": str(c.title),
                                      "inputs": [f.key for f in c.fields]} for c in CALCULATORS.values()]})


class CalculateView(APIView):
    """Run one calculator on the JSON body."""

    permission_classes = [AllowAny]
    authentication_classes: list = []  # anonymous use; no session, so no CSRF for API clients

    @extend_schema(request=OpenApiTypes.OBJECT, responses={200: OpenApiTypes.OBJECT},
                   operation_id="calculators_calculate")
    def post(self, request, name, *args, **kwargs):
        return Response(services.calculate(name, request.data).as_json())


api_urlpatterns = [
    path("", CalculatorListView.as_view(), name="calculators-list"),
    path("<str:name>", CalculateView.as_view(), name="calculators-calculate"),
]
