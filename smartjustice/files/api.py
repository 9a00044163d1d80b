"""REST endpoints for files; the lead mounts `api_urlpatterns` at /api/v1/files/.

POST ""        multipart: "file", optional "org" → 201 {id, sha256, size, name, content_type, url}
GET  "<id>/"   metadata of a file the caller may see (404 otherwise, the same for missing)
The bytes themselves come from the download page (files:download), which audits the read.
"""
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from smartjustice.core.errors import InvalidInput, NotFound, PermissionDenied
from smartjustice.orgs.selectors import organisations_for_user

from . import services
from .models import StoredFile
from .selectors import access_file


class StoredFileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = StoredFile
        fields = ["id", "name", "content_type", "size", "sha256", "org", "created_at", "url"]
        read_only_fields = fields

    def get_url(self, stored) -> str:
        return reverse("files:download", args=[stored.pk])


def _target_org(user, raw: str):
    allowed = organisations_for_user(user, "file.upload")
    raw = (raw or "").strip()
    if raw:
        org = allowed.filter(pk=int(raw)).first() if raw.isdigit() else None
        if org is None:
            raise NotFound(field="org")
        return org
    choices = list(allowed[:2])
    if not choices:
        raise PermissionDenied()
    if len(choices) > 1:
        raise InvalidInput(_("You may upload for several organisations; choose one in the \"org\" field."),
                           field="org")
    return choices[0]


class FileUploadAPI(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request=inline_serializer("FileUpload", {"file": serializers.FileField(),
                                                 "org": serializers.IntegerField(required=False)}),
        responses={201: StoredFileSerializer},
    )
    def post(self, request, **kwargs):
        org = _target_org(request.user, request.data.get("org", ""))
        stored = services.store_upload(request.FILES.get("file"), org=org, acting_user=request.user)
        return Response(StoredFileSerializer(stored).data, status=status.HTTP_201_CREATED)


class FileMetadataAPI(APIView):
    @extend_schema(responses=StoredFileSerializer)
    def get(self, request, pk, **kwargs):
        return Response(StoredFileSerializer(access_file(request.user, pk)).data)


api_urlpatterns = [
    path("", FileUploadAPI.as_view(), name="file-upload"),
    path("<int:pk>/", FileMetadataAPI.as_view(), name="file-detail"),
]
