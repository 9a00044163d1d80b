"""Audit trail search in the REST API (/api/v1/audit/entries/), issue #2 §4.

Same filters and scope as the search page (audit.forms, audit.selectors); a user who
may not search the trail gets the same 404 as for an endpoint that does not exist.
"""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError

from smartjustice.audit.forms import AuditSearchForm
from smartjustice.audit.models import AuditEntry
from smartjustice.audit.selectors import may_search, search_entries


class AuditEntrySerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True, default=None)

    class Meta:
        model = AuditEntry
        fields = ["id", "occurred_at", "kind", "action", "actor", "actor_name", "org", "org_name",
                  "object_type", "object_id", "object_repr", "ip", "changes", "reason", "corrects"]
        read_only_fields = fields


FILTER_PARAMETERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="First day (Asia/Shanghai), inclusive."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Last day (Asia/Shanghai), inclusive."),
    OpenApiParameter("actor", OpenApiTypes.STR, description="Part of the actor's name."),
    OpenApiParameter("action", OpenApiTypes.STR, description="Start of the action, e.g. `orgs.`."),
    OpenApiParameter("object_type", OpenApiTypes.STR, description="e.g. `accounts.user`."),
    OpenApiParameter("object_id", OpenApiTypes.STR),
    OpenApiParameter("org", OpenApiTypes.INT, description="An organisation in scope; covers those below it."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=AuditEntry.Kind.values),
]


@extend_schema(tags=["audit"], summary="Search the audit trail (supervisors and administrators)",
               parameters=FILTER_PARAMETERS)
class AuditEntryList(generics.ListAPIView):
    serializer_class = AuditEntrySerializer

    def get_queryset(self):
        if not may_search(self.request.user, "audit.view"):
            raise NotFound()
        form = AuditSearchForm(self.request.query_params, user=self.request.user, action="audit.view")
        if not form.is_valid():
            raise ValidationError({("non_field_errors" if field == "__all__" else field): list(errors)
                                   for field, errors in form.errors.items()})
        return search_entries(self.request.user, form.cleaned_data)
