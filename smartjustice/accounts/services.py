"""Registration and profile changes. Each write is atomic and audited."""
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from smartjustice.audit.services import diff, record, record_read
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.orgs.choices import Role
from smartjustice.orgs.models import Membership, Organisation
from smartjustice.orgs.permissions import can

from . import crypto
from .errors import AlreadyRegistered, CreditCodeTaken, MobileTaken, WeakPassword
from .identity import validate_mobile, validate_resident_id, validate_uscc
from .models import EnterpriseProfile, User


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise WeakPassword(" ".join(exc.messages), field="password") from None


def _require_name(real_name: str) -> str:
    name = (real_name or "").strip()
    if not name:
        raise InvalidInput(_("Please enter your real name as on your ID card."), field="real_name")
    if len(name) > 60:
        raise InvalidInput(_("The name is too long (at most 60 characters)."), field="real_name")
    return name


def find_user_by_id_number(id_number: str) -> User | None:
    """Equality search over encrypted ID numbers through their keyed hash."""
    return User.objects.filter(id_number_hash=crypto.keyed_hash(validate_resident_id(id_number))).first()


@transaction.atomic
def register_citizen(*, real_name: str, mobile: str, id_number: str, password: str,
                     home_org: Organisation, language: str = "") -> User:
    """Create a citizen's real-name account (实名注册) with the citizen role at `home_org`.

    Validates the ID number (GB 11643 check digit) and the mobile number; refuses a
    second account for the same ID number or mobile. Nothing is written on failure.
    """
    name = _require_name(real_name)
    try:
        number = validate_resident_id(id_number)
    except InvalidInput as exc:
        exc.field = "id_number"
        raise
    try:
        phone = validate_mobile(mobile)
    except InvalidInput as exc:
        exc.field = "mobile"
        raise
    if User.objects.filter(id_number_hash=crypto.keyed_hash(number)).exists():
        raise AlreadyRegistered(field="id_number")
    if User.objects.filter(username=phone).exists():
        raise MobileTaken(field="mobile")
    user = User(username=phone, real_name=name, mobile=phone, language=language)
    user.set_id_number(number)
    _check_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise AlreadyRegistered(field="id_number") from None
    Membership.objects.create(user=user, org=home_org, role=Role.CITIZEN)
    record("accounts.user.registered", actor=user, obj=user, org=home_org,
           changes={"role": [None, Role.CITIZEN], "id_number": [None, user.id_number_masked]})
    return user


@transaction.atomic
def register_enterprise(*, enterprise_name: str, credit_code: str, contact_name: str, mobile: str,
                        password: str, home_org: Organisation, legal_representative: str = "",
                        language: str = "") -> User:
    """Create an enterprise account keyed by 统一社会信用代码 (GB 32100 check digit)."""
    name = (enterprise_name or "").strip()
    if not name:
        raise InvalidInput(_("Please enter the enterprise's registered name."), field="enterprise_name")
    try:
        code = validate_uscc(credit_code)
    except InvalidInput as exc:
        exc.field = "credit_code"
        raise
    try:
        phone = validate_mobile(mobile)
    except InvalidInput as exc:
        exc.field = "mobile"
        raise
    contact = _require_name(contact_name)
    if EnterpriseProfile.objects.filter(credit_code=code).exists():
        raise CreditCodeTaken(field="credit_code")
    if User.objects.filter(username=code).exists():
        raise CreditCodeTaken(field="credit_code")
    user = User(username=code, real_name=contact, mobile=phone, language=language)
    _check_password(password, user)
    user.set_password(password)
    user.save()
    EnterpriseProfile.objects.create(user=user, name=name, credit_code=code,
                                     legal_representative=(legal_representative or "").strip())
    Membership.objects.create(user=user, org=home_org, role=Role.ENTERPRISE)
    record("accounts.enterprise.registered", actor=user, obj=user, org=home_org,
           changes={"enterprise": [None, name], "credit_code": [None, code]})
    return user


def person_for_permissions(person: User):
    """Wrap a user so `can` sees the organisations they belong to and themselves as owner."""
    class _Person:
        permission_owner_id = person.pk

        def permission_org_ids(self):
            return list(person.memberships.filter(is_active=True).values_list("org_id", flat=True))

    return _Person()


@transaction.atomic
def reveal_id_number(person: User, *, acting_user: User, reason: str = "") -> str:
    """The full ID number, for a user allowed to see it; every reveal is audited.

    Someone without the right gets NotFound, exactly as for a person who does not exist.
    """
    if not can(acting_user, "person.reveal_id_number", person_for_permissions(person)):
        raise NotFound()
    record_read("accounts.user.id_number_revealed", actor=acting_user, obj=person, reason=reason)
    return person.reveal_id_number()


@transaction.atomic
def update_preferences(user: User, *, acting_user: User, elderly_mode: bool | None = None,
                       language: str | None = None) -> User:
    """Change display preferences (elderly mode 适老化模式, language); they persist per user."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = {"elderly_mode": locked.elderly_mode, "language": locked.language}
    if elderly_mode is not None:
        locked.elderly_mode = bool(elderly_mode)
    if language is not None:
        if language not in User.Language.values:
            raise InvalidInput(_("Unknown language."), field="language")
        locked.language = language
    after = {"elderly_mode": locked.elderly_mode, "language": locked.language}
    changes = diff(before, after)
    if changes:
        locked.save(update_fields=["elderly_mode", "language"])
        record("accounts.user.preferences_changed", actor=acting_user, obj=locked, org=None, changes=changes)
    user.elderly_mode, user.language = locked.elderly_mode, locked.language
    return user
