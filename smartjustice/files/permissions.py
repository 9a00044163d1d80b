"""Who may upload to, and download from, what. Decisions come from orgs.permissions.can.

A file attached to a record follows the record: if the record's class names
FILE_VIEW_ACTION (or FILE_UPLOAD_ACTION), that action on the record decides; otherwise
"file.view" / "file.upload" on the record (its organisation, its owner) decides.
"""
from smartjustice.orgs.permissions import can


def may_upload(user, org, owner=None) -> bool:
    if org is None or not getattr(org, "is_active", False):
        return False
    if owner is None:
        return can(user, "file.upload", org)
    action = getattr(type(owner), "FILE_UPLOAD_ACTION", "file.upload")
    return can(user, action, owner)


def may_view(user, stored_file, owner=None) -> bool:
    """`owner` is the file's owning record, already fetched (None if it has none)."""
    if stored_file.owner_content_type_id is None:
        return can(user, "file.view", stored_file)
    if owner is None:
        return False  # the record is gone: fail closed
    action = getattr(type(owner), "FILE_VIEW_ACTION", None)
    if action:
        return can(user, action, owner)
    return can(user, "file.view", stored_file)
