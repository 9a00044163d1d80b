"""Editing local policy tables: audited, effective on the next request."""
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from smartjustice.audit import services as audit
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.orgs.permissions import can

from .. import policy
from ..models import ClassificationLevel, PolicySetting

__all__ = ["update_policy", "update_classification_level"]


def _require_policy_admin(user, org) -> None:
    if org is None or not can(user, "correction.policy.manage", org):
        raise NotFound()


def update_policy(key: str, value: int, *, acting_user, org) -> PolicySetting:
    """Set one policy number. `org` is the administrator's organisation (the permission scope).
    Refuses unknown keys and negative values, changing nothing."""
    _require_policy_admin(acting_user, org)
    if key not in policy.DEFAULTS:
        raise InvalidInput(_("Unknown policy setting."), field="key")
    if not isinstance(value, int) or value < 0:
        raise InvalidInput(_("A policy value is a whole number, zero or more."), field="value")
    default, unit, label, basis = policy.DEFAULTS[key]
    with transaction.atomic():
        row, _created = PolicySetting.objects.select_for_update().get_or_create(
            key=key, defaults={"value": default, "unit": unit, "label": str(label), "basis": basis})
        old = row.value
        if old != value:
            row.value = value
            row.save(update_fields=["value", "updated_at"])
            audit.record("correction.policy.updated", actor=acting_user, obj=row, org=org,
                         changes={key: [old, value]})
            policy.invalidate()
            transaction.on_commit(policy.invalidate)
    return row


def update_classification_level(level: ClassificationLevel, *, acting_user, org, **values) -> ClassificationLevel:
    """Change the frequencies of one classification level (positive whole days)."""
    _require_policy_admin(acting_user, org)
    allowed = {"name", "check_in_every_days", "report_every_days", "visit_every_days", "is_active"}
    for field, value in values.items():
        if field not in allowed:
            raise InvalidInput(_("This field cannot be changed."), field=field)
        if field.endswith("_days") and (not isinstance(value, int) or value < 1):
            raise InvalidInput(_("Enter a whole number of days, at least 1."), field=field)
    with transaction.atomic():
        locked = ClassificationLevel.objects.select_for_update().get(pk=level.pk)
        before = {field: getattr(locked, field) for field in values}
        for field, value in values.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(values))
        changes = audit.diff(before, values)
        if changes:
            audit.record("correction.classification_level.updated", actor=acting_user, obj=locked, org=org,
                         changes=changes)
    return locked
