"""REST endpoints for the inbox; the lead mounts `api_urlpatterns` at /api/v1/notifications/.

GET  ""               the caller's notifications (?unread=1 for unread only), paginated
POST "<id>/read/"     mark one read (404 when missing or someone else's)
POST "read-all/"      mark all read → {"marked": n}
"""
from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class NotificationListAPI(ListAPIView):
    serializer_class = NotificationSerializer

    def get_queryset(self):
        queryset = selectors.notifications_for_user(self.request.user)
        if self.request.query_params.get("unread") in {"1", "true"}:
            queryset = queryset.filter(read_at__isnull=True)
        return queryset


class NotificationMarkReadAPI(APIView):
    @extend_schema(request=None, responses=NotificationSerializer)
    def post(self, request, pk, **kwargs):
        notification = services.mark_read(pk, acting_user=request.user)
        return Response(NotificationSerializer(notification).data)


class NotificationMarkAllReadAPI(APIView):
    @extend_schema(request=None,
                   responses=inline_serializer("MarkedCount", {"marked": serializers.IntegerField()}))
    def post(self, request, **kwargs):
        return Response({"marked": services.mark_all_read(acting_user=request.user)})


api_urlpatterns = [
    path("", NotificationListAPI.as_view(), name="notification-list"),
    path("<int:pk>/read/", NotificationMarkReadAPI.as_view(), name="notification-mark-read"),
    path("read-all/", NotificationMarkAllReadAPI.as_view(), name="notification-mark-all-read"),
]
