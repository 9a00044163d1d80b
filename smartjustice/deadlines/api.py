"""API of the deadline engine: the rule table and the computation (issue #2 §5).

Public legal information, so anonymous access is allowed. `api_urlpatterns` is mounted by
the API app under /api/v1/deadlines/. Errors use the one API error shape with the codes of
deadlines.errors (unknown_rule, invalid_date, invalid_amount, no_holiday_data,
extension_not_allowed, extension_exceeds_cap).
"""
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services
from .rules import all_rules


class RuleListView(APIView):
    """Every deadline rule: id, title, amount, unit, citation, what it counts from."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="deadlines_rules_list")
    def get(self, request, *args, **kwargs):
        rules = [rule.as_json() for rule in all_rules()]
        return Response({"count": len(rules), "results": rules})


class ComputeView(APIView):
    """The due date of a rule counted from a date: the same JSON as
    `smartjustice deadlines compute`."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("rule", str, required=True, description="Rule id, e.g. reconsideration.apply"),
            OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="YYYY-MM-DD, not counted"),
            OpenApiParameter("extend", int, required=False, description="Extension within the legal cap"),
        ],
        responses={200: OpenApiTypes.OBJECT},
        operation_id="deadlines_compute",
    )
    def get(self, request, *args, **kwargs):
        params = request.query_params
        due = services.compute(params.get("rule"), params.get("from"), params.get("extend"))
        return Response(due.as_json())


api_urlpatterns = [
    path("rules", RuleListView.as_view(), name="deadlines-rules"),
    path("compute", ComputeView.as_view(), name="deadlines-compute"),
]
