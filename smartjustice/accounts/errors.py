from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import Conflict, InvalidInput


class AlreadyRegistered(Conflict):
    code = "already_registered"
    default_message = _("An account with this ID number already exists; please sign in instead.")


class MobileTaken(Conflict):
    code = "mobile_taken"
    default_message = _("This mobile number is already registered; please sign in instead.")


class CreditCodeTaken(Conflict):
    code = "credit_code_taken"
    default_message = _("An enterprise with this unified social credit code is already registered.")


class WeakPassword(InvalidInput):
    code = "weak_password"
