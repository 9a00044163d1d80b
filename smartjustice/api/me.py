"""The signed-in person (/api/v1/me/): who they are, their roles, their preferences."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from smartjustice.accounts.models import User
from smartjustice.accounts.services import update_preferences


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    org_id = serializers.IntegerField(source="org.pk")
    org_name = serializers.CharField(source="org.name")


class MeSerializer(serializers.ModelSerializer):
    """The ID number only ever appears masked here (个人信息保护法 第二十八条)."""

    display_name = serializers.CharField(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "id_number_masked", "roles", "elderly_mode", "language"]
        read_only_fields = fields

    @extend_schema(responses=RoleSerializer(many=True))
    def get_roles(self, user) -> list[dict]:
        memberships = (user.memberships.filter(is_active=True, org__is_active=True)
                       .select_related("org").order_by("org__path", "role"))
        return RoleSerializer(memberships, many=True).data


class PreferencesSerializer(serializers.Serializer):
    elderly_mode = serializers.BooleanField(
        required=False,
        error_messages={"invalid": _("Elderly mode is either true or false.")},
    )
    language = serializers.ChoiceField(
        choices=User.Language.choices, required=False,
        error_messages={"invalid_choice": _("Choose a language: zh-hans (简体中文) or en (English).")},
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Send elderly_mode or language to change."))
        return attrs


@extend_schema(tags=["me"])
class MeView(APIView):
    @extend_schema(summary="The signed-in person", responses=MeSerializer)
    def get(self, request, *args, **kwargs):
        return Response(MeSerializer(request.user).data)

    @extend_schema(summary="Change display preferences (elderly mode, language)",
                   request=PreferencesSerializer, responses=MeSerializer)
    def patch(self, request, *args, **kwargs):
        preferences = PreferencesSerializer(data=request.data, partial=True)
        preferences.is_valid(raise_exception=True)
        user = update_preferences(request.user, acting_user=request.user, **preferences.validated_data)
        return Response(MeSerializer(user).data)
