"""The permission table and `can(user, action, obj)`: the one place that decides access.

Reading the table: an action is allowed when
  * the user is the object's owner and the row says owners may (e.g. a citizen reads
    their own notification), or
  * the user holds one of the row's roles in an organisation that covers the object's
    organisation. A membership covers its own organisation; a supervisor's or an
    administrator's (choices.SUBTREE_ROLES) also covers every organisation below it.

Objects tell us their organisation and owner through `org_id` / `owner_id`, or through
`permission_org_ids()` / `permission_owner_id` where that is not a plain field.
Templates and API permission classes ask `can`; nothing else tests role names.
Domain apps add their rows to PERMISSIONS here, so the whole table reads in one place.
"""
from dataclasses import dataclass

from .choices import SUBTREE_ROLES, Role

R = Role


@dataclass(frozen=True)
class Rule:
    roles: frozenset
    owner: bool = False


def rule(*roles: Role, owner: bool = False) -> Rule:
    return Rule(roles=frozenset(roles), owner=owner)


PERMISSIONS: dict[str, Rule] = {
    # Organisations: staff see their own organisation's details and people.
    "org.view": rule(R.LAWYER, R.MEDIATOR, R.NOTARY, R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER,
                     R.CORRECTION_OFFICER, R.LIAISON, R.SUPERVISOR, R.ADMINISTRATOR),
    "org.manage_members": rule(R.ADMINISTRATOR),
    # People: unmasking an ID number is audited (audit.record, issue #2 §4).
    "person.reveal_id_number": rule(R.ADMINISTRATOR, owner=True),
    # Audit trail: read and export, never change (there is no action to change it).
    "audit.view": rule(R.SUPERVISOR, R.ADMINISTRATOR),
    "audit.export": rule(R.SUPERVISOR, R.ADMINISTRATOR),
    # Deadlines of an organisation's cases, and its holiday calendar.
    "deadline.view": rule(R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER, R.CORRECTION_OFFICER,
                          R.SUPERVISOR, R.ADMINISTRATOR),
    "holiday.manage": rule(R.ADMINISTRATOR),
    # Notifications are private to their recipient.
    "notification.view": rule(owner=True),
    # Files: the uploader, and staff of the owning organisation who handle its records.
    # A file attached to a record defers to that record's view action (files.services).
    "file.view": rule(R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER, R.CORRECTION_OFFICER,
                      R.SUPERVISOR, R.ADMINISTRATOR, owner=True),
    "file.upload": rule(R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER, R.CORRECTION_OFFICER,
                        R.LAWYER, R.MEDIATOR, R.NOTARY, R.SUPERVISOR, R.ADMINISTRATOR, owner=True),
    # Web shell (smartjustice.web): the citizen portal for people acting for themselves,
    # the staff workbench for everyone acting for an organisation (choices.PUBLIC_ROLES).
    "portal.view": rule(R.CITIZEN, R.ENTERPRISE, R.CORRECTION_SUBJECT),
    "workbench.view": rule(R.LAWYER, R.MEDIATOR, R.NOTARY, R.RECONSIDERATION_OFFICER,
                           R.ENFORCEMENT_OFFICER, R.CORRECTION_OFFICER, R.SUPERVISOR, R.LIAISON,
                           R.ADMINISTRATOR),
    # Evidence ledger (issue #5): registering evidence at its source; the log's overview.
    "ledger.register": rule(R.ENFORCEMENT_OFFICER, R.RECONSIDERATION_OFFICER, R.ADMINISTRATOR),
    "ledger.monitor": rule(R.SUPERVISOR, R.ADMINISTRATOR),
    # Administrative reconsideration (issue #4; reconsideration/permissions.py explains the sides).
    "reconsideration.file": rule(R.CITIZEN, R.ENTERPRISE, R.RECONSIDERATION_OFFICER, owner=True),
    "reconsideration.view": rule(R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER, R.SUPERVISOR,
                                 R.ADMINISTRATOR, owner=True),
    "reconsideration.upload": rule(R.RECONSIDERATION_OFFICER, R.ENFORCEMENT_OFFICER, owner=True),
    "reconsideration.handle": rule(R.RECONSIDERATION_OFFICER),
    "reconsideration.approve": rule(R.SUPERVISOR),
    "reconsideration.respond": rule(R.ENFORCEMENT_OFFICER),
    "reconsideration.statistics": rule(R.RECONSIDERATION_OFFICER, R.SUPERVISOR, R.ADMINISTRATOR),
    # Legal consultation with a lawyer (issue #3 §4, legalservice/consult): the asker and the
    # handling firm's (or legal aid centre's) lawyers; the bureau above oversees and counts.
    "consult.question.view": rule(R.LAWYER, R.SUPERVISOR, R.ADMINISTRATOR, owner=True),
    "consult.question.reply": rule(R.LAWYER, owner=True),
    "consult.question.rate": rule(owner=True),
    "consult.question.withdraw": rule(owner=True),
    "consult.statistics": rule(R.SUPERVISOR, R.ADMINISTRATOR),
    # The county bureau supervises lawyers' practice day to day (《律师法》第五十二条): its
    # supervisors take a lawyer off consultation routing and put them back.
    "consult.roster.manage": rule(R.SUPERVISOR),
    # Community correction (issue #6, smartjustice/correction): officers of the executing 司法所
    # keep the files; supervisors above oversee them and approve electronic positioning (county
    # bureau head, 《社区矫正法》第二十九条); the person under correction acts on their own file.
    "correction.subject.view": rule(R.CORRECTION_OFFICER, R.SUPERVISOR),
    "correction.subject.manage": rule(R.CORRECTION_OFFICER),
    # An officer of the file, or a supervisor above the office, enters a questionnaire answered in
    # an interview (代为填写问卷); confirming the suggested level stays with the file's officers.
    "correction.assessment.enter": rule(R.CORRECTION_OFFICER, R.SUPERVISOR),
    "correction.measure.decide": rule(R.CORRECTION_OFFICER),
    "correction.leave.decide": rule(R.CORRECTION_OFFICER),
    "correction.alert.triage": rule(R.CORRECTION_OFFICER),
    "correction.positioning.propose": rule(R.CORRECTION_OFFICER),
    "correction.positioning.approve": rule(R.SUPERVISOR),
    "correction.track.view": rule(R.CORRECTION_OFFICER, R.SUPERVISOR),
    # Change of execution place (《社区矫正法》第二十七条第二款): the county institution's head decides
    # (services check the membership is at county level); the new county institution's staff receive.
    "correction.transfer.decide": rule(R.SUPERVISOR),
    "correction.transfer.receive": rule(R.CORRECTION_OFFICER, R.SUPERVISOR),
    "correction.self_service": rule(owner=True),
    "correction.geofence.manage": rule(R.ADMINISTRATOR),
    "correction.policy.manage": rule(R.ADMINISTRATOR),
    # The cockpit: counts only; an officer sees their own office's, a supervisor their subtree's.
    "correction.cockpit.view": rule(R.CORRECTION_OFFICER, R.SUPERVISOR, R.ADMINISTRATOR),
}


class UnknownAction(KeyError):
    """A programming error: the action is not in PERMISSIONS."""


def _memberships(user) -> list[tuple[str, int, str]]:
    """(role, org id, org path) of the user's active memberships, cached on the user."""
    cached = getattr(user, "_sj_memberships", None)
    if cached is None:
        cached = list(
            user.memberships.filter(is_active=True, org__is_active=True).values_list(
                "role", "org_id", "org__path"
            )
        )
        user._sj_memberships = cached
    return cached


def forget_memberships(user) -> None:
    """Drop the cache after memberships change (services call this)."""
    if hasattr(user, "_sj_memberships"):
        del user._sj_memberships


def object_org_ids(obj) -> list[int]:
    from .models import Organisation

    if isinstance(obj, Organisation):
        return [obj.pk]
    if hasattr(obj, "permission_org_ids"):
        return [org_id for org_id in obj.permission_org_ids() if org_id is not None]
    org_id = getattr(obj, "org_id", None)
    return [org_id] if org_id is not None else []


def object_owner_id(obj) -> int | None:
    if hasattr(obj, "permission_owner_id"):
        return obj.permission_owner_id
    return getattr(obj, "owner_id", None)


def covers(role: str, member_org_id: int, member_path: str, org_id: int, org_path: str) -> bool:
    if member_org_id == org_id:
        return True
    return role in SUBTREE_ROLES and org_path.startswith(member_path)


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` on `obj`? Unknown actions raise UnknownAction."""
    try:
        row = PERMISSIONS[action]
    except KeyError:
        raise UnknownAction(action) from None
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if obj is None:
        # "May this user do this anywhere?" — used to show or hide menu entries.
        return any(role in row.roles for role, _org, _path in _memberships(user))
    if row.owner and object_owner_id(obj) == user.pk:
        return True
    memberships = [m for m in _memberships(user) if m[0] in row.roles]
    if not memberships:
        return False
    org_ids = object_org_ids(obj)
    if not org_ids:
        return False
    from .models import Organisation

    targets = dict(Organisation.objects.filter(pk__in=org_ids, is_active=True).values_list("pk", "path"))
    return any(
        covers(role, member_org, member_path, target_id, target_path)
        for role, member_org, member_path in memberships
        for target_id, target_path in targets.items()
    )


def roles_of(user) -> set[str]:
    if user is None or not user.is_authenticated:
        return set()
    return {role for role, _org, _path in _memberships(user)}
