"""Writing the audit trail. `record` is the only way in (STYLE §6)."""
from django.db import models

from smartjustice.core import clock
from smartjustice.core.middleware import current_request_context

from .models import AuditEntry

SENSITIVE_FIELDS = frozenset({"password", "id_number_ciphertext", "id_number_hash", "key", "token"})


def _jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    return str(value)


def diff(old: dict, new: dict) -> dict:
    """{"field": [old, new]} for the fields that differ; secrets are never written."""
    changes = {}
    for field in sorted(set(old) | set(new)):
        before, after = _jsonable(old.get(field)), _jsonable(new.get(field))
        if before != after:
            changes[field] = ["[redacted]", "[redacted]"] if field in SENSITIVE_FIELDS else [before, after]
    return changes


def record(action: str, *, actor=None, obj=None, org=None, changes: dict | None = None,
           kind: str = AuditEntry.Kind.CHANGE, reason: str = "", corrects: AuditEntry | None = None,
           ip: str | None = None) -> AuditEntry:
    """Append one entry. Call it inside the same transaction as the change it describes,
    so the entry and the change commit or roll back together."""
    if org is None and obj is not None:
        org = getattr(obj, "org", None)
    context = current_request_context()
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        occurred_at=clock.now(),
        kind=kind,
        action=action,
        actor=actor if is_person else None,
        actor_name=(getattr(actor, "display_name", "") or str(actor))[:150] if is_person else "system",
        org=org if org is None or getattr(org, "pk", None) else None,
        object_type=obj._meta.label_lower if isinstance(obj, models.Model) else "",
        object_id=str(obj.pk) if isinstance(obj, models.Model) and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        ip=ip if ip is not None else (context.ip if context else None),
        changes=changes or {},
        reason=reason,
        corrects=corrects,
    )


def record_read(action: str, *, actor, obj, org=None, reason: str = "") -> AuditEntry:
    """A read of a sensitive record (a correction subject's file, a case file, an unmasked ID)."""
    return record(action, actor=actor, obj=obj, org=org, kind=AuditEntry.Kind.READ, reason=reason)
