"""Organisations in the REST API (/api/v1/orgs/). Read-only; scoped by orgs.selectors.

An organisation outside the user's scope answers exactly as one that does not exist (404).
"""
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from .models import Membership, Organisation
from .selectors import access_organisation, members_of, organisations_for_user


class OrganisationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "code", "name", "name_en", "kind", "kind_display", "level", "level_display",
                  "parent", "path", "region_code", "address", "phone"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(source="user.pk", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    display_name = serializers.CharField(source="user.display_name", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user_id", "username", "display_name", "role", "role_display"]
        read_only_fields = fields


@extend_schema(tags=["organisations"], summary="Organisations the current user may see")
class OrganisationList(generics.ListAPIView):
    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return organisations_for_user(self.request.user).order_by("path")


@extend_schema(tags=["organisations"], summary="One organisation (404 if missing or out of scope)")
class OrganisationDetail(generics.RetrieveAPIView):
    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.none()  # for the schema; reads go through access_organisation

    def get_object(self):
        return access_organisation(self.request.user, self.kwargs["pk"])


@extend_schema(tags=["organisations"], summary="Active members of an organisation (needs org.view)")
class OrganisationMembers(generics.ListAPIView):
    serializer_class = MemberSerializer

    def get_queryset(self):
        return members_of(access_organisation(self.request.user, self.kwargs["pk"], "org.view"))


api_urlpatterns = [
    path("", OrganisationList.as_view(), name="list"),
    path("<str:pk>/", OrganisationDetail.as_view(), name="detail"),
    path("<str:pk>/members/", OrganisationMembers.as_view(), name="members"),
]
