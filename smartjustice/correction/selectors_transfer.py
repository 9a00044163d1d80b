"""Reads of changes of execution place (变更执行地, 《社区矫正法》第二十七条第二款), STYLE §2–§3.

Three sides see a change: the office that keeps the file (through the file's scope, as every
record of a file), the sending county institution that decides it, and the receiving county
institution that receives it. The two institutions act through their own staff: a membership
at the county bureau itself (services.transfers.holds_at), not one above it. Anything else is
NotFound, like a missing row.
"""
from django.db.models import Q

from smartjustice.audit import services as audit
from smartjustice.core.errors import NotFound
from smartjustice.orgs.choices import Kind, Level
from smartjustice.orgs.models import Organisation
from smartjustice.orgs.permissions import PERMISSIONS

from .choices import TransferStatus
from .models import ExecutionPlaceChange, ResidenceChange
from .selectors import access_in_scope, subjects_for_user
from .services.transfers import DECIDE, RECEIVE

_RELATED = ("subject", "subject__org", "org", "sending_county", "receiving_county", "proposed_office", "to_office",
            "residence_change")


def institutions_for(user, action: str):
    """County-level justice bureaus where `user` holds one of `action`'s roles directly."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user, memberships__is_active=True, memberships__role__in=PERMISSIONS[action].roles,
        kind=Kind.JUSTICE_BUREAU, level=Level.COUNTY, is_active=True).distinct()


def transfers_to_decide(user):
    """Referred moves awaiting the decision of a county institution the user heads, oldest first."""
    return (ExecutionPlaceChange.objects.filter(status=TransferStatus.PROPOSED,
                                                sending_county__in=institutions_for(user, DECIDE))
            .select_related(*_RELATED).order_by("referred_at", "pk"))


def incoming_transfers(user, *, status: str = TransferStatus.DECIDED):
    """Changes addressed to a county institution the user works at, in `status` (awaiting receipt)."""
    return (ExecutionPlaceChange.objects.filter(status=status, receiving_county__in=institutions_for(user, RECEIVE))
            .select_related(*_RELATED).order_by("decided_at", "pk"))


def received_transfers(user, limit: int = 20):
    """The latest files the user's institutions received."""
    return incoming_transfers(user, status=TransferStatus.ACCEPTED).order_by("-received_at", "-pk")[:limit]


def _visible_q(user) -> Q:
    return (Q(subject__in=subjects_for_user(user)) | Q(sending_county__in=institutions_for(user, DECIDE))
            | Q(receiving_county__in=institutions_for(user, RECEIVE)))


def access_transfer(user, pk) -> ExecutionPlaceChange:
    """A change the user may read: the file's office and those above it while the file is theirs,
    the deciding and the receiving institution always. NotFound otherwise. The read is audited
    (it shows the person's identity and the decision)."""
    row = (ExecutionPlaceChange.objects.filter(_visible_q(user), pk=pk).select_related(*_RELATED).first()
           if str(pk).isdigit() else None)
    if row is None:
        raise NotFound()
    audit.record_read("correction.transfer.read", actor=user, obj=row, org=row.subject.org)
    return row


def access_incoming_transfer(user, pk) -> ExecutionPlaceChange:
    """A change addressed to an institution the user works at (any status: receiving it twice
    is a conflict, not a missing row); NotFound otherwise, with a message saying so."""
    row = (ExecutionPlaceChange.objects.filter(pk=pk, receiving_county__in=institutions_for(user, RECEIVE))
           .select_related(*_RELATED).first() if str(pk).isdigit() else None)
    if row is None:
        from django.utils.translation import gettext_lazy as _

        raise NotFound(_("No change of execution place addressed to your institution has this number."))
    return row


def access_residence_change(user, pk) -> ResidenceChange:
    """An application to move that the user's office decides; NotFound otherwise."""
    return access_in_scope(ResidenceChange, user, pk, action="correction.leave.decide")


def transfer_history(subject):
    """The file's changes of execution place, newest first (the subject page's history)."""
    return (ExecutionPlaceChange.objects.filter(subject=subject)
            .select_related("org", "receiving_county", "to_office").order_by("-referred_at", "-pk"))


def receiving_options(subject):
    """Where a move may go: [(county institution, [its judicial offices])] for every active
    county institution but the file's own, in two queries. The services check the choice again."""
    from .services.geofences import county_of

    own = county_of(subject.org)
    counties = Organisation.objects.filter(kind=Kind.JUSTICE_BUREAU, level=Level.COUNTY, is_active=True)
    if own is not None:
        counties = counties.exclude(pk=own.pk)
    grouped = {county.pk: (county, []) for county in counties.order_by("name", "pk")}
    for office in Organisation.objects.filter(kind=Kind.JUDICIAL_OFFICE, is_active=True).order_by("name", "pk"):
        for ancestor in office.ancestor_ids():
            if ancestor in grouped:
                grouped[ancestor][1].append(office)
                break
    return list(grouped.values())


def offices_under(county):
    """Active judicial offices under a county institution (the receipt's choice)."""
    return Organisation.objects.filter(kind=Kind.JUDICIAL_OFFICE, is_active=True,
                                       path__startswith=county.path).order_by("name")
