"""Change of execution place (变更执行地, 《社区矫正法》第二十七条第二款):

  因社区矫正对象迁居等原因需要变更执行地的，社区矫正机构应当按照有关规定作出变更决定。社区矫正机构作出变更决定后，
  应当通知社区矫正决定机关和变更后的社区矫正机构，并将有关法律文书抄送变更后的社区矫正机构。变更后的社区矫正机构
  应当将法律文书转送所在地的人民检察院、公安机关。

| step | who | status | what it records |
| refer (requests.decide_residence_change) | officer of the executing 司法所 | application → proposed | the office's opinion, the receiving county institution (and a 司法所 if named) |
| decide_transfer | head (supervisor) of the sending county institution | proposed → decided | the numbered 变更执行地决定, the notice to the decision organ named on the file, an inbox notice to the receiving institution's staff, the legal documents copied to it |
| refuse_transfer | the same | proposed → refused | the reason; the application is refused |
| accept_transfer | staff of the receiving county institution | decided → accepted | the executing 司法所 chosen under it, the documents forwarded to the local procuratorate and police (date); the file moves |

A move within the county is a change of address approved by the office, with no decision
(requests.decide_residence_change). Until receipt the sending office keeps the file and its
duties; receipt moves the file to the new office in one transaction with its audited history
entry, so from then on the old office's officers get a 404 (every read is scoped by the file's
office) and the new office sees the file with all its records (they are scoped through the file).
The law sets no period for these steps; the implementing measures that do are not in the
statute corpus, so none is enforced here.

Caches after receipt: the fences of a county are compiled per process (fences.for_county, 30 s)
and keyed by the county id that services.supervision derives from subject.org.path on every
report, so no county is remembered per person; the location ingest caches the token → file
lookup with the file's office per process (ingest.TOKEN_TTL, 10 s). Receipt clears both caches
in its own process on commit. In another worker a report may still be judged against the old
county for up to 10 s, and a new county's fences compiled there before receipt lack the
person's prohibited areas for up to 30 s.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.notifications.services import notify
from smartjustice.orgs.choices import Kind, Level
from smartjustice.orgs.models import Membership, Organisation
from smartjustice.orgs.permissions import PERMISSIONS, can

from ..choices import GeofenceKind, RequestStatus, SubjectStatus, SubjectType, TransferStatus
from ..errors import StateConflict, SubjectNotActive, TransferDeciderNotCounty, TransferWithinCounty
from ..models import ExecutionPlaceChange, Geofence, ResidenceChange, Subject
from ._common import bump, require
from .geofences import county_of

__all__ = ["check_receiving_org", "refer_move", "decide_transfer", "refuse_transfer", "accept_transfer",
           "legal_documents", "holds_at", "TRANSFER_CITATION"]

DECIDE = "correction.transfer.decide"
RECEIVE = "correction.transfer.receive"
TRANSFER_CITATION = "《社区矫正法》第二十七条第二款"
DECISION_TITLE = "社区矫正对象变更执行地决定书"
# The document the correction rests on, by type (第十七条, 第二十条: the judgment, ruling or decision).
FOUNDING_DOCUMENT = {
    SubjectType.CONTROL: "刑事判决书", SubjectType.PROBATION: "刑事判决书",
    SubjectType.PAROLE: "假释裁定书", SubjectType.TEMPORARY_OUTSIDE: "暂予监外执行决定书",
}


# Who acts ---------------------------------------------------------------------------------------

def holds_at(user, action: str, org: Organisation) -> bool:
    """Whether `user` holds one of `action`'s roles in `org` itself (not only above it): the
    county institution acts through its own staff, not through a city or province bureau."""
    if org is None or not can(user, action, org):
        return False
    return Membership.objects.filter(user=user, org=org, is_active=True, role__in=PERMISSIONS[action].roles).exists()


def _receiving_staff(county: Organisation):
    from smartjustice.accounts.models import User

    return (User.objects.filter(memberships__org=county, memberships__is_active=True, is_active=True,
                                memberships__role__in=PERMISSIONS[RECEIVE].roles).distinct().order_by("pk"))


# Where to ---------------------------------------------------------------------------------------

def check_receiving_org(subject: Subject, org) -> tuple[Organisation, Organisation | None]:
    """(receiving county institution, judicial office or None) for a move of `subject` to `org`.

    `org` must be an active judicial office or county-level justice bureau of another county
    than the one executing the correction; TransferWithinCounty when it is in the same county
    (that move is a change of address), InvalidInput for anything else."""
    if org is None:
        raise InvalidInput(_("Choose the correction institution or judicial office of the new county."),
                           field="receiving_org")
    if not org.is_active:
        raise InvalidInput(_("%(org)s is no longer active: choose another institution."), field="receiving_org",
                           org=org.name)
    if org.kind == Kind.JUDICIAL_OFFICE:
        county, office = county_of(org), org
    elif org.kind == Kind.JUSTICE_BUREAU and org.level == Level.COUNTY:
        county, office = org, None
    else:
        raise InvalidInput(_("%(org)s is neither a judicial office nor a county-level correction institution: choose "
                             "the 司法所 or the county justice bureau of the new place."), field="receiving_org",
                           org=org.name)
    if county is None or not county.is_active:
        raise InvalidInput(_("%(org)s belongs to no active county-level correction institution."), field="receiving_org",
                           org=org.name)
    own = county_of(subject.org)
    if own is not None and own.pk == county.pk:
        raise TransferWithinCounty(field="receiving_org", org=org.name)
    return county, office


def legal_documents(subject: Subject) -> list[dict]:
    """The legal documents on the file, copied to the new institution (第二十七条第二款): the
    judgment, ruling or decision, prohibition orders, and the rewards and sanctions in force."""
    from .measures import MEASURE_RULES

    documents = [{"title": f"{FOUNDING_DOCUMENT[subject.subject_type]}（{subject.decision_organ}）",
                  "number": subject.decision_document_number}]
    documents += [{"title": "禁止令", "number": order.document_number}
                  for order in subject.prohibition_orders.order_by("starts_on", "pk")]
    documents += [{"title": MEASURE_RULES[measure.kind][3], "number": measure.document_number}
                  for measure in subject.measures.filter(withdrawn=False).order_by("decided_at", "pk")]
    return documents


# Steps ------------------------------------------------------------------------------------------

def _active(subject: Subject) -> None:
    if subject.status != SubjectStatus.IN_CORRECTION:
        raise SubjectNotActive()


def refer_move(change: ResidenceChange, *, acting_user, receiving_org, note: str = "") -> ExecutionPlaceChange:
    """The executing office agrees to a move to another county and passes it to its county
    institution, which decides the change of execution place (the application becomes
    "referred"). Guarantees: the target passes check_receiving_org; one open change per file."""
    require(acting_user, "correction.leave.decide", change.subject)
    county, office = check_receiving_org(change.subject, receiving_org)
    with transaction.atomic():
        locked = ResidenceChange.objects.select_for_update().get(pk=change.pk)
        if locked.status != RequestStatus.SUBMITTED:
            raise StateConflict(_("This application has already been decided."))
        subject = Subject.objects.select_for_update(of=("self",)).select_related("org").get(pk=locked.subject_id)
        _active(subject)
        sending = county_of(subject.org)
        if sending is None:
            raise InvalidInput(_("This office belongs to no county-level correction institution, which would decide the move."),
                               field="receiving_org")
        if ExecutionPlaceChange.objects.filter(subject=subject, status__in=[TransferStatus.PROPOSED,
                                                                           TransferStatus.DECIDED]).exists():
            raise StateConflict(_("A change of execution place is already under way for this person."))
        locked.status, locked.decision_note = RequestStatus.REFERRED, (note or "").strip()
        locked.save(update_fields=["status", "decision_note"])
        transfer = ExecutionPlaceChange.objects.create(
            subject=subject, residence_change=locked, org=subject.org, sending_county=sending, receiving_county=county,
            proposed_office=office, new_address=locked.new_address, office_opinion=locked.decision_note,
            referred_by=acting_user, referred_at=clock.now())
        audit.record("correction.residence.referred", actor=acting_user, obj=locked, org=subject.org,
                     changes={"status": [RequestStatus.SUBMITTED, RequestStatus.REFERRED]}, reason=locked.decision_note)
        audit.record("correction.transfer.proposed", actor=acting_user, obj=transfer, org=subject.org,
                     changes={"status": [None, TransferStatus.PROPOSED], "receiving_county": [None, county.pk],
                              "proposed_office": [None, office.pk if office else None]})
    return transfer


def _decider(acting_user, transfer: ExecutionPlaceChange) -> None:
    require(acting_user, DECIDE, transfer.subject)
    if not holds_at(acting_user, DECIDE, transfer.sending_county):
        raise TransferDeciderNotCounty()


def _not_proposed(status: str) -> StateConflict:
    if status == TransferStatus.REFUSED:
        return StateConflict(_("This change of execution place was refused."))
    return StateConflict(_("The change of execution place has already been decided."))


def _document_number(county: Organisation, day: dt.date) -> str:
    count = ExecutionPlaceChange.objects.filter(sending_county=county, decided_at__year=day.year).count() + 1
    return f"{county.code}〔{day.year}〕变更{count}号"


def decide_transfer(transfer: ExecutionPlaceChange, *, acting_user, receiving_org=None) -> ExecutionPlaceChange:
    """The county institution decides the change of execution place (变更执行地决定) and issues its
    numbered document. Guarantees, in one transaction: the application is approved; the notice
    to the decision organ named on the file is recorded; every staff member of the receiving
    institution gets an inbox notice (their number is recorded; zero shows the gap); the list
    of legal documents copied is recorded. The file stays with the sending office until receipt.
    `receiving_org` replaces the receiving institution or office the office suggested."""
    _decider(acting_user, transfer)
    if transfer.status != TransferStatus.PROPOSED:
        raise _not_proposed(transfer.status)
    county = office = None
    if receiving_org is not None:
        county, office = check_receiving_org(transfer.subject, receiving_org)
    today = clock.today()
    with transaction.atomic():
        # Locking the county serialises its document numbers.
        sending = Organisation.objects.select_for_update().get(pk=transfer.sending_county_id)
        locked = ExecutionPlaceChange.objects.select_for_update().get(pk=transfer.pk)
        if locked.status != TransferStatus.PROPOSED:
            raise _not_proposed(locked.status)
        subject = Subject.objects.select_for_update(of=("self",)).select_related("org").get(pk=locked.subject_id)
        _active(subject)
        if county is not None:
            locked.receiving_county, locked.proposed_office = county, office
        number = _document_number(sending, today)
        documents = [*legal_documents(subject), {"title": DECISION_TITLE, "number": number}]
        now = clock.now()
        locked.status, locked.decided_by, locked.decided_at = TransferStatus.DECIDED, acting_user, now
        locked.document_number, locked.documents = number, documents
        locked.decision_organ_notified = subject.decision_organ
        locked.document_text = render_to_string("correction/documents/execution_place.txt", {
            "title": DECISION_TITLE, "number": number, "subject": subject, "transfer": locked, "county": sending,
            "documents": documents, "citation": TRANSFER_CITATION, "today": today})
        staff = list(_receiving_staff(locked.receiving_county))
        for person in staff:
            with translation.override(getattr(person, "language", "") or settings.LANGUAGE_CODE):
                notify(person, kind="correction.transfer.incoming", org=locked.receiving_county,
                       link=reverse("correction:accept_transfer", args=[locked.pk]),
                       title=gettext("Change of execution place: %(name)s, from %(county)s, awaits receipt") % {
                           "name": subject.real_name, "county": sending.name},
                       body=gettext("Decision %(number)s (《社区矫正法》第二十七条第二款). Receive the file, choose the "
                                    "executing judicial office and forward the legal documents to the local "
                                    "procuratorate and public security organ.") % {"number": number})
        locked.receiving_officers_notified = len(staff)
        locked.save(update_fields=["status", "decided_by", "decided_at", "document_number", "documents",
                                   "decision_organ_notified", "document_text", "receiving_officers_notified",
                                   "receiving_county", "proposed_office"])
        change = ResidenceChange.objects.select_for_update().get(pk=locked.residence_change_id)
        change.status, change.decided_by, change.decided_at = RequestStatus.APPROVED, acting_user, now
        change.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record("correction.transfer.decided", actor=acting_user, obj=locked, org=subject.org,
                     changes={"status": [TransferStatus.PROPOSED, TransferStatus.DECIDED], "document_number": [None, number],
                              "receiving_county": [transfer.receiving_county_id, locked.receiving_county_id],
                              "notified": [None, {"decision_organ": subject.decision_organ,
                                                  "receiving_institution": locked.receiving_county.name,
                                                  "receiving_staff": len(staff)}],
                              "documents_copied": [None, [row["number"] for row in documents]]})
        audit.record("correction.residence.decided", actor=acting_user, obj=change, org=subject.org,
                     changes={"status": [RequestStatus.REFERRED, RequestStatus.APPROVED]}, reason=number)
    return locked


def refuse_transfer(transfer: ExecutionPlaceChange, *, acting_user, note: str) -> ExecutionPlaceChange:
    """The county institution refuses the change with its reason; the application is refused
    and the file stays where it is."""
    from ..errors import ReasonRequired

    _decider(acting_user, transfer)
    if not (note or "").strip():
        raise ReasonRequired(field="note")
    with transaction.atomic():
        locked = ExecutionPlaceChange.objects.select_for_update().get(pk=transfer.pk)
        if locked.status != TransferStatus.PROPOSED:
            raise _not_proposed(locked.status)
        now = clock.now()
        locked.status, locked.decided_by, locked.decided_at = TransferStatus.REFUSED, acting_user, now
        locked.decision_note = note.strip()
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        change = ResidenceChange.objects.select_for_update().get(pk=locked.residence_change_id)
        change.status, change.decided_by, change.decided_at = RequestStatus.REJECTED, acting_user, now
        change.decision_note = locked.decision_note
        change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit.record("correction.transfer.refused", actor=acting_user, obj=locked, org=locked.org,
                     changes={"status": [TransferStatus.PROPOSED, TransferStatus.REFUSED]}, reason=locked.decision_note)
        audit.record("correction.residence.decided", actor=acting_user, obj=change, org=locked.org,
                     changes={"status": [RequestStatus.REFERRED, RequestStatus.REJECTED]}, reason=locked.decision_note)
    return locked


def _not_receivable(transfer: ExecutionPlaceChange) -> StateConflict | None:
    if transfer.status == TransferStatus.ACCEPTED:
        return StateConflict(_("This file was already received on %(day)s and is executed by %(office)s."),
                             day=f"{clock.legal_date(transfer.received_at):%Y-%m-%d}", office=transfer.to_office.name)
    if transfer.status == TransferStatus.PROPOSED:
        return StateConflict(_("The county institution has not decided this change yet: there is nothing to receive."))
    if transfer.status == TransferStatus.REFUSED:
        return StateConflict(_("This change of execution place was refused: there is nothing to receive."))
    return None


def _check_receipt(transfer: ExecutionPlaceChange, office, forwarded_on, forwarded_to_procuratorate: bool,
                   forwarded_to_police: bool) -> None:
    county = transfer.receiving_county
    if office is None:
        raise InvalidInput(_("Choose the judicial office that will execute the correction."), field="office")
    if office.kind != Kind.JUDICIAL_OFFICE or not office.is_active or not office.path.startswith(county.path):
        raise InvalidInput(_("%(office)s is not an active judicial office of %(county)s: choose one under it."),
                           field="office", office=office.name, county=county.name)
    if not (forwarded_to_procuratorate and forwarded_to_police):
        raise InvalidInput(_("The receipt is complete only once the legal documents have been forwarded to both the "
                             "local procuratorate and the public security organ (《社区矫正法》第二十七条第二款)."),
                           field="forwarded")
    if forwarded_on is None:
        raise InvalidInput(_("Enter the day the documents were forwarded."), field="forwarded_on")
    if forwarded_on > clock.today():
        raise InvalidInput(_("The day the documents were forwarded cannot be in the future."), field="forwarded_on")
    decided_on = clock.legal_date(transfer.decided_at)
    if forwarded_on < decided_on:
        raise InvalidInput(_("The documents cannot have been forwarded before the decision of %(day)s."),
                           field="forwarded_on", day=f"{decided_on:%Y-%m-%d}")


def accept_transfer(transfer: ExecutionPlaceChange, *, acting_user, office, forwarded_on: dt.date | None,
                    forwarded_to_procuratorate: bool, forwarded_to_police: bool, note: str = "") -> ExecutionPlaceChange:
    """The receiving county institution receives the file (接收): it names the executing 司法所
    under it and records that it forwarded the legal documents to the local procuratorate and
    police (第二十七条第二款, last sentence), which completes the change.

    Guarantees, in one transaction: the file's office becomes `office` and its address the new
    one; the old office's assigned officers are removed from the file; the person's prohibited
    areas follow the file; an audited history entry records old office → new office with the
    decision number. Not addressed to the user's institution: NotFound (nothing is revealed);
    already received, refused or undecided: StateConflict; nothing changes on any refusal."""
    if not holds_at(acting_user, RECEIVE, transfer.receiving_county):
        raise NotFound(_("No change of execution place addressed to your institution has this number."))
    conflict = _not_receivable(transfer)
    if conflict is not None:
        raise conflict
    _check_receipt(transfer, office, forwarded_on, forwarded_to_procuratorate, forwarded_to_police)
    today = clock.today()
    with transaction.atomic():
        locked = ExecutionPlaceChange.objects.select_for_update(of=("self",)).select_related("to_office").get(pk=transfer.pk)
        conflict = _not_receivable(locked)
        if conflict is not None:
            raise conflict
        subject = Subject.objects.select_for_update(of=("self",)).select_related("org").get(pk=locked.subject_id)
        _active(subject)
        if subject.org_id != locked.org_id:
            raise StateConflict(_("The file has moved to another office since the decision; ask the deciding institution."))
        old_office, old_address = subject.org, subject.residence_address
        old_officers = sorted(subject.assigned_officers.values_list("pk", flat=True))
        subject.org, subject.residence_address = office, locked.new_address
        subject.save(update_fields=["org", "residence_address", "updated_at"])
        subject.assigned_officers.clear()
        Geofence.objects.filter(subject=subject, kind=GeofenceKind.PROHIBITED).update(org=office)
        locked.status, locked.received_by, locked.received_at = TransferStatus.ACCEPTED, acting_user, clock.now()
        locked.to_office, locked.forwarded_on = office, forwarded_on
        locked.forwarded_to_procuratorate = locked.forwarded_to_police = True
        locked.forwarding_note = (note or "").strip()[:200]
        locked.save(update_fields=["status", "received_by", "received_at", "to_office", "forwarded_on",
                                   "forwarded_to_procuratorate", "forwarded_to_police", "forwarding_note"])
        audit.record("correction.subject.execution_place_changed", actor=acting_user, obj=subject, org=office,
                     changes={"org": [old_office.pk, office.pk], "office": [old_office.name, office.name],
                              "residence_address": [old_address, locked.new_address],
                              "assigned_officers": [old_officers, []]},
                     reason=f"{TRANSFER_CITATION} {locked.document_number}")
        audit.record("correction.transfer.accepted", actor=acting_user, obj=locked, org=locked.receiving_county,
                     changes={"status": [TransferStatus.DECIDED, TransferStatus.ACCEPTED], "to_office": [None, office.pk],
                              "forwarded": [None, {"on": forwarded_on.isoformat(), "procuratorate": True, "police": True}]},
                     reason=locked.forwarding_note)
        bump(old_office.pk, today, "transfers.out")
        bump(office.pk, today, "transfers.in")
        for person in {locked.referred_by, locked.decided_by} - {None}:
            with translation.override(getattr(person, "language", "") or settings.LANGUAGE_CODE):
                notify(person, kind="correction.transfer.received", org=old_office,
                       title=gettext("%(name)s's file was received by %(office)s") % {
                           "name": subject.real_name, "office": office.name},
                       body=gettext("Decision %(number)s: the change of execution place is complete.") % {
                           "number": locked.document_number})
        transaction.on_commit(_forget_cached_places)
    return locked


def _forget_cached_places() -> None:
    """This process's caches that hold a file's county: the compiled fences and the ingest's
    token → file lookup (see the module docstring for other processes)."""
    from .. import fences, ingest

    fences.invalidate()
    ingest.forget_tokens()
