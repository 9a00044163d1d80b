"""/api/v1/correction/: the subject's app and positioning devices, and officers' reads.

POST location-reports          {"latitude", "longitude", "accuracy_m"?, "recorded_at"?, "client_id",
                                "source": "app"|"device", "device_id"?} → 201 {"id", "inside_county", "check_in"}
                               A resent report (same client_id) → 409 correction.report_replayed: the app
                               drops its queued copy; any other error keeps it queued only if retryable (5xx).
                               Database unavailable → 503 temporarily_unavailable with Retry-After: nothing
                               stored, the app keeps the report and resends it (static/correction/report-queue.js).
GET  subjects/<id>/track        device track under the current positioning order (409 without one)
GET  alerts/false-report        false-alert rate per rule and per device (?since=&until= YYYY-MM-DD)
GET  transfers/incoming         changes of execution place awaiting receipt by the user's county institution
                               (404 for anyone who is not staff of a county institution, like the page)
GET  transfers/<id>             one change the user may read (the file's office, the deciding or the receiving
                               institution; 404 otherwise, the read audited)
POST transfers/<id>/accept      {"office", "forwarded_on", "forwarded_to_procuratorate", "forwarded_to_police",
                               "note"?} → 200 {"transfer", "message"}: the receipt (接收, 《社区矫正法》第二十七条
                               第二款) through the same service and with the same messages as the page
Errors use the shared shape {"error": {"code", "message", "fields"}}; a file outside the user's
scope is a 404 like a missing one.
"""
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from smartjustice.core.errors import NotFound
from smartjustice.orgs.models import Organisation

from . import selectors, selectors_transfer, services
from .hot import (
    DATABASE_UNAVAILABLE,
    UNAVAILABLE_HEADERS,
    location_report_view,
    log_unavailable,
    unavailable_body,
)
from .services import transfers as transfer_services


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


# Change of execution place (变更执行地, 《社区矫正法》第二十七条第二款) --------------------------------

def _org(org):
    return {"id": org.pk, "name": org.name} if org is not None else None


def _transfer(row) -> dict:
    return {"id": row.pk, "status": row.status, "status_display": row.get_status_display(),
            "subject": {"id": row.subject_id, "real_name": row.subject.real_name},
            "office": _org(row.org), "sending_county": _org(row.sending_county),
            "receiving_county": _org(row.receiving_county), "proposed_office": _org(row.proposed_office),
            "to_office": _org(row.to_office), "new_address": row.new_address,
            "document_number": row.document_number or "", "documents": row.documents,
            "referred_at": row.referred_at.isoformat(),
            "decided_at": row.decided_at.isoformat() if row.decided_at else None,
            "received_at": row.received_at.isoformat() if row.received_at else None,
            "forwarded_on": row.forwarded_on.isoformat() if row.forwarded_on else None,
            "citation": "《社区矫正法》第二十七条第二款"}


class TransferAcceptSerializer(serializers.Serializer):
    # Missing or unknown values reach the service, which answers with the page's messages.
    office = serializers.IntegerField(required=False, allow_null=True)
    forwarded_on = serializers.DateField(required=False, allow_null=True)
    forwarded_to_procuratorate = serializers.BooleanField(required=False, default=False)
    forwarded_to_police = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class IncomingTransfersView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="correction_transfers_incoming")
    def get(self, request):
        if not selectors_transfer.institutions_for(request.user, transfer_services.RECEIVE).exists():
            raise NotFound()
        return Response({"results": [_transfer(row) for row in selectors_transfer.incoming_transfers(request.user)]})


class TransferView(APIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="correction_transfer")
    def get(self, request, transfer_id: int):
        return Response(_transfer(selectors_transfer.access_transfer(request.user, transfer_id)))


class TransferAcceptView(APIView):
    @extend_schema(request=TransferAcceptSerializer, responses={200: OpenApiTypes.OBJECT},
                   operation_id="correction_transfer_accept")
    def post(self, request, transfer_id: int):
        transfer = selectors_transfer.access_incoming_transfer(request.user, transfer_id)
        serializer = TransferAcceptSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        office = Organisation.objects.filter(pk=data["office"]).first() if data.get("office") else None
        done = transfer_services.accept_transfer(
            transfer, acting_user=request.user, office=office, forwarded_on=data.get("forwarded_on"),
            forwarded_to_procuratorate=data["forwarded_to_procuratorate"],
            forwarded_to_police=data["forwarded_to_police"], note=data["note"])
        return Response({"transfer": _transfer(done), "message": _(
            "%(name)s's file was received; %(office)s now executes the correction.") % {
            "name": done.subject.real_name, "office": done.to_office.name}})


api_urlpatterns = [
    # Token requests take the lean path (hot.py); session requests reach LocationReportView.
    path("location-reports", location_report_view(LocationReportView.as_view()), name="location-reports"),
    path("subjects/<int:subject_id>/track", TrackView.as_view(), name="track"),
    path("alerts/false-report", FalseAlertReportView.as_view(), name="false-alert-report"),
    path("transfers/incoming", IncomingTransfersView.as_view(), name="transfers-incoming"),
    path("transfers/<int:transfer_id>", TransferView.as_view(), name="transfer"),
    path("transfers/<int:transfer_id>/accept", TransferAcceptView.as_view(), name="transfer-accept"),
]
