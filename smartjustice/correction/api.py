"""/api/v1/correction/: the subject's app and positioning devices, and officers' reads.

POST location-reports          {"latitude", "longitude", "accuracy_m"?, "recorded_at"?, "client_id",
                                "source": "app"|"device", "device_id"?} → 201 {"id", "inside_county", "check_in"}
                               A resent report (same client_id) → 409 correction.report_replayed: the app
                               drops its queued copy; any other error keeps it queued only if retryable (5xx).
                               Database unavailable → 503 temporarily_unavailable with Retry-After: nothing
                               stored, the app keeps the report and resends it (static/correction/report-queue.js).
GET  subjects/<id>/track        device track under the current positioning order (409 without one)
GET  alerts/false-report        false-alert rate per rule and per device (?since=&until= YYYY-MM-DD)
Errors use the shared shape {"error": {"code", "message", "fields"}}; a file outside the user's
scope is a 404 like a missing one.
"""
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .hot import (
    DATABASE_UNAVAILABLE,
    UNAVAILABLE_HEADERS,
    location_report_view,
    log_unavailable,
    unavailable_body,
)


class LocationReportSerializer(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    accuracy_m = serializers.FloatField(required=False, allow_null=True)
    recorded_at = serializers.DateTimeField(required=False)
    client_id = serializers.UUIDField()
    source = serializers.ChoiceField(choices=["app", "device"], default="app")
    device_id = serializers.CharField(required=False, allow_blank=True, max_length=64)


class LocationReportView(APIView):
    """The hot path: one position, stored durably and checked against every applicable fence."""

    @extend_schema(request=LocationReportSerializer, responses={201: OpenApiTypes.OBJECT, 503: OpenApiTypes.OBJECT},
                   operation_id="correction_location_report")
    def post(self, request):
        serializer = LocationReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        subject = selectors.own_subject(request.user)
        report = services.submit_location_report(subject, acting_user=request.user, **serializer.validated_data)
        return Response({"id": report.pk, "inside_county": report.inside_county, "check_in": report.counted_check_in},
                        status=201)

    def handle_exception(self, exc):
        """The database could not be reached while the view ran: 503, nothing stored."""
        if isinstance(exc, DATABASE_UNAVAILABLE):
            log_unavailable(exc)
            return Response(unavailable_body(), status=503, headers=UNAVAILABLE_HEADERS)
        return super().handle_exception(exc)


class TrackView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="correction_track")
    def get(self, request, subject_id: int):
        subject = selectors.access_subject(request.user, subject_id, action="correction.track.view", audit_read=False)
        points = services.track_for_user(request.user, subject)
        return Response({"subject": subject.pk, "points": [
            {"at": p.recorded_at.isoformat(), "latitude": p.latitude, "longitude": p.longitude,
             "accuracy_m": p.accuracy_m} for p in points]})


class FalseAlertReportView(APIView):
    @extend_schema(parameters=[OpenApiParameter("since", OpenApiTypes.DATE), OpenApiParameter("until", OpenApiTypes.DATE)],
                   responses={200: OpenApiTypes.OBJECT}, operation_id="correction_false_alert_report")
    def get(self, request):
        dates = serializers.DateField(required=False)
        since = dates.run_validation(request.query_params["since"]) if request.query_params.get("since") else None
        until = dates.run_validation(request.query_params["until"]) if request.query_params.get("until") else None
        return Response(services.false_alert_report(request.user, since=since, until=until))


api_urlpatterns = [
    # Token requests take the lean path (hot.py); session requests reach LocationReportView.
    path("location-reports", location_report_view(LocationReportView.as_view()), name="location-reports"),
    path("subjects/<int:subject_id>/track", TrackView.as_view(), name="track"),
    path("alerts/false-report", FalseAlertReportView.as_view(), name="false-alert-report"),
]
