"""API tokens for partner systems (issue #2 §9). Atomic and audited."""
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token

from smartjustice.accounts.models import User
from smartjustice.audit.services import record
from smartjustice.core.errors import InvalidInput


@transaction.atomic
def issue_api_token(user: User, *, acting_user=None, reason: str = "") -> str:
    """Give `user` a new API token and return its key; any earlier token stops working
    in the same transaction, so a user never holds two. The key itself is never written
    to the audit trail."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if not locked.is_active:
        raise InvalidInput(_("This account is deactivated; it cannot be given an API token."),
                           field="username")
    rotated = Token.objects.filter(user=locked).exists()
    Token.objects.filter(user=locked).delete()
    token = Token.objects.create(user=locked)
    membership = locked.memberships.filter(is_active=True).select_related("org").order_by("created_at", "pk").first()
    record("api.token.rotated" if rotated else "api.token.issued", actor=acting_user, obj=locked,
           org=membership.org if membership else None,
           changes={"token": ["[redacted]" if rotated else None, "[redacted]"]}, reason=reason)
    return token.key
