"""Reads of stored files. access_file is the one gate in front of every download."""
from django.contrib.contenttypes.models import ContentType

from smartjustice.core.errors import NotFound
from smartjustice.orgs.permissions import can

from .models import StoredFile
from .permissions import may_view


def get_owner(stored_file: StoredFile):
    """The owning record, or None if the file has none or the record no longer exists."""
    if stored_file.owner_content_type_id is None:
        return None
    model = stored_file.owner_content_type.model_class()
    if model is None:
        return None
    return model._base_manager.filter(pk=stored_file.owner_object_id).first()


def access_file(user, file_id) -> StoredFile:
    """The file if `user` may see it; NotFound otherwise, the same for a missing file, another
    organisation's file, or a record the user may not see (issue #2 §7).

    A file attached to a record defers to the record: its class's FILE_VIEW_ACTION (a
    permissions action) on the record, when defined; "file.view" on the file otherwise.
    """
    if not str(file_id).isdigit():
        raise NotFound()
    stored = StoredFile.objects.select_related("owner_content_type").filter(pk=int(file_id)).first()
    if stored is None or not may_view(user, stored, get_owner(stored)):
        raise NotFound()
    return stored


def files_for_record(user, record) -> list[StoredFile]:
    """The files attached to `record` that `user` may see (empty when they may see none)."""
    content_type = ContentType.objects.get_for_model(record, for_concrete_model=False)
    action = getattr(type(record), "FILE_VIEW_ACTION", None)
    if action and not can(user, action, record):
        return []  # one decision for all of them, without reading the files
    attached = list(StoredFile.objects.filter(owner_content_type=content_type, owner_object_id=record.pk)
                    .select_related("owner_content_type").order_by("created_at", "id"))
    return [stored for stored in attached if may_view(user, stored, record)]
