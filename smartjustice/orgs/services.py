"""Changing organisations and memberships. Atomic and audited."""
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartjustice.audit.services import record
from smartjustice.core.errors import InvalidInput, NotFound

from .choices import Role
from .models import Membership, Organisation
from .permissions import can, forget_memberships


@transaction.atomic
def grant_role(user, org: Organisation, role: str, *, acting_user) -> Membership:
    """Give `user` a role in `org`. Needs org.manage_members on `org`."""
    if not can(acting_user, "org.manage_members", org):
        raise NotFound()
    if role not in Role.values:
        raise InvalidInput(_("Unknown role."), field="role")
    membership, created = Membership.objects.get_or_create(user=user, org=org, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        created = True
    if created:
        record("orgs.membership.granted", actor=acting_user, obj=membership, org=org,
               changes={"role": [None, role], "user": [None, user.pk]})
    forget_memberships(user)
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, acting_user) -> None:
    if not can(acting_user, "org.manage_members", membership.org):
        raise NotFound()
    if membership.is_active:
        membership.is_active = False
        membership.save(update_fields=["is_active"])
        record("orgs.membership.revoked", actor=acting_user, obj=membership, org=membership.org,
               changes={"is_active": [True, False]})
    forget_memberships(membership.user)
