"""REST endpoints of the evidence ledger; the lead mounts `api_urlpatterns` at /api/v1/ledger/.

POST evidence/                 (enforcement officers; can(user, "ledger.register", org))
     {"content_sha256", "evidence_type", "org" (code, optional), "case_reference", "description"}
     → 201 {"number", "content_sha256", "org", "registered_at"}
GET  checkpoint/               (public) the latest published (cosigned) checkpoint, else the signed one
GET  proof/inclusion/?index=N | ?leaf_hash=B64 | ?number=EV…   (public) proof against the current checkpoint
GET  proof/consistency/?old_size=M[&size=N]                      (public)
"""
import base64
import binascii

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from smartjustice.core.errors import InvalidInput, NotFound, PermissionDenied
from smartjustice.orgs.selectors import organisations_for_user

from . import proofs, selectors, services


class RegisterSerializer(serializers.Serializer):
    content_sha256 = serializers.CharField(max_length=64)
    evidence_type = serializers.CharField(max_length=32)
    org = serializers.CharField(max_length=60, required=False, allow_blank=True)
    case_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


RegisteredSerializer = inline_serializer("EvidenceRegistered", {
    "number": serializers.CharField(), "content_sha256": serializers.CharField(),
    "org": serializers.CharField(), "registered_at": serializers.DateTimeField()})
CheckpointSerializer = inline_serializer("LedgerCheckpoint", {
    "checkpoint": serializers.CharField(), "size": serializers.IntegerField(),
    "cosigned": serializers.BooleanField(), "witnesses": serializers.DictField()})
InclusionSerializer = inline_serializer("InclusionProof", {
    "index": serializers.IntegerField(), "size": serializers.IntegerField(),
    "leaf_hash": serializers.CharField(), "entry": serializers.CharField(),
    "inclusion_proof": serializers.ListField(child=serializers.CharField()),
    "checkpoint": serializers.CharField()})
ConsistencySerializer = inline_serializer("ConsistencyProof", {
    "old_size": serializers.IntegerField(), "size": serializers.IntegerField(),
    "consistency_proof": serializers.ListField(child=serializers.CharField())})


class RegisterEvidenceView(APIView):
    @extend_schema(request=RegisterSerializer, responses={201: RegisteredSerializer})
    def post(self, request):
        ser = RegisterSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        data = ser.validated_data
        allowed = organisations_for_user(request.user, "ledger.register")
        org = allowed.filter(code=data["org"]).first() if data.get("org") else allowed.first()
        if org is None:
            raise PermissionDenied()
        reg = services.register_evidence(
            acting_user=request.user, org=org, content_sha256=data["content_sha256"],
            evidence_type=data["evidence_type"], case_reference=data.get("case_reference", ""),
            description=data.get("description", ""))
        return Response({"number": reg.number, "content_sha256": reg.content_sha256, "org": org.code,
                         "registered_at": reg.registered_at.isoformat()}, status=status.HTTP_201_CREATED)


class CheckpointView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=CheckpointSerializer)
    def get(self, request):
        note, size = proofs.current_checkpoint()
        published = selectors.latest_published_checkpoint()
        return Response({"checkpoint": note, "size": size,
                         "cosigned": bool(published and published.size == size),
                         "witnesses": published.witnesses if published and published.size == size else {}})


def _int(value, name):
    try:
        n = int(value)
    except (TypeError, ValueError):
        n = -1
    if n < 0:
        raise InvalidInput(_("%(name)s must be a whole number, 0 or more."), field=name, name=name)
    return n


class InclusionProofView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=[
        OpenApiParameter("index", OpenApiTypes.INT, description="0-based index of the entry"),
        OpenApiParameter("leaf_hash", OpenApiTypes.STR, description="base64 of the 32-byte leaf hash"),
        OpenApiParameter("number", OpenApiTypes.STR, description="registration number"),
    ], responses=InclusionSerializer)
    def get(self, request):
        q = request.query_params
        if "index" in q:
            entry = selectors.get_entry(_int(q["index"], "index"))
        elif "leaf_hash" in q:
            try:
                leaf = base64.b64decode(q["leaf_hash"], validate=True)
            except (binascii.Error, ValueError):
                raise InvalidInput(_("leaf_hash must be standard base64."), field="leaf_hash") from None
            entry = selectors.entry_by_leaf_hash(leaf)
        elif "number" in q:
            regs = selectors.find_registrations(number=q["number"])
            if not regs or not hasattr(regs[0], "log_entry"):
                raise NotFound()
            entry = regs[0].log_entry
        else:
            raise InvalidInput(_("Give one of index, leaf_hash or number."), field="index")
        note, size = proofs.current_checkpoint()
        if entry.index >= size:
            raise NotFound()
        return Response({"index": entry.index, "size": size, "leaf_hash": _b64(bytes(entry.leaf_hash)),
                         "entry": _b64(bytes(entry.entry)),
                         "inclusion_proof": [_b64(h) for h in selectors.inclusion_proof(entry.index, size)],
                         "checkpoint": note})


class ConsistencyProofView(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(parameters=[
        OpenApiParameter("old_size", OpenApiTypes.INT, required=True),
        OpenApiParameter("size", OpenApiTypes.INT, description="defaults to the current size"),
    ], responses=ConsistencySerializer)
    def get(self, request):
        _note, current = proofs.current_checkpoint()
        old = _int(request.query_params.get("old_size"), "old_size")
        size = _int(request.query_params.get("size", current), "size")
        return Response({"old_size": old, "size": size,
                         "consistency_proof": [_b64(h) for h in selectors.consistency_proof(old, size)]})


api_urlpatterns = [
    path("evidence/", RegisterEvidenceView.as_view(), name="ledger-register"),
    path("checkpoint/", CheckpointView.as_view(), name="ledger-checkpoint"),
    path("proof/inclusion/", InclusionProofView.as_view(), name="ledger-inclusion"),
    path("proof/consistency/", ConsistencyProofView.as_view(), name="ledger-consistency"),
]
