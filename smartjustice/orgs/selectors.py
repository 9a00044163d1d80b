"""Scoped reads: every list of organisation-owned records is filtered here (STYLE §3)."""
from django.db.models import Q

from smartjustice.core.errors import NotFound

from .choices import SUBTREE_ROLES, Kind, Level
from .models import Membership, Organisation
from .permissions import PERMISSIONS, UnknownAction, _memberships, can


def scope_q(user, action: str, *, org_field: str = "org", owner_field: str | None = None) -> Q:
    """A filter matching the rows `user` may `action`: by organisation scope, and by
    ownership where the permission row allows owners. Matches nothing for anonymous users."""
    try:
        row = PERMISSIONS[action]
    except KeyError:
        raise UnknownAction(action) from None
    nothing = Q(pk__in=[])
    if user is None or not user.is_authenticated or not user.is_active:
        return nothing
    query = nothing
    if row.owner and owner_field:
        query |= Q(**{owner_field: user.pk})
    for role, org_id, path in _memberships(user):
        if role not in row.roles:
            continue
        if role in SUBTREE_ROLES:
            query |= Q(**{f"{org_field}__path__startswith": path, f"{org_field}__is_active": True})
        else:
            query |= Q(**{f"{org_field}_id": org_id})
    return query


def organisations_for_user(user, action: str = "org.view"):
    """Organisations the user may see details of (their own, plus those below for supervisors)."""
    return Organisation.objects.filter(_self_scope(user, action))


def _self_scope(user, action: str) -> Q:
    row = PERMISSIONS[action]
    query = Q(pk__in=[])
    if user is None or not user.is_authenticated or not user.is_active:
        return query
    for role, org_id, path in _memberships(user):
        if role not in row.roles:
            continue
        query |= Q(path__startswith=path) if role in SUBTREE_ROLES else Q(pk=org_id)
    return query & Q(is_active=True)


def access_organisation(user, org_id, action: str = "org.view") -> Organisation:
    """The organisation if the user may see it; NotFound otherwise (missing or out of scope)."""
    org = Organisation.objects.filter(pk=org_id).first() if str(org_id).isdigit() else None
    if org is None or not can(user, action, org):
        raise NotFound()
    return org


def members_of(org: Organisation):
    return Membership.objects.filter(org=org, is_active=True).select_related("user").order_by("role", "user__username")


def registration_bureaus():
    """The organisations a person may register with: active county-level justice bureaus."""
    return Organisation.objects.filter(kind=Kind.JUSTICE_BUREAU, level=Level.COUNTY, is_active=True).order_by("name")


def get_organisation_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()
