"""Domain errors of the evidence ledger, each with a stable code."""
from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import Conflict, DomainError, InvalidInput


class InvalidContentHash(InvalidInput):
    code = "ledger.invalid_content_hash"
    default_message = _("The content hash must be a SHA-256 digest: 64 hexadecimal digits.")


class InvalidEvidenceType(InvalidInput):
    code = "ledger.invalid_evidence_type"
    default_message = _("Unknown evidence type.")


class InvalidCaseReference(InvalidInput):
    code = "ledger.invalid_case_reference"
    default_message = _("The case reference must be at most 100 characters on one line.")


class DescriptionTooLong(InvalidInput):
    code = "ledger.description_too_long"
    default_message = _("The description must be at most 2000 characters.")


class DuplicateRegistration(Conflict):
    code = "ledger.duplicate_registration"
    default_message = _("This file is already registered by this department as %(number)s.")


class LedgerIntegrityError(DomainError):
    """The stored log does not match what the log signed: refuse to go on."""

    code = "ledger.integrity"
    http_status = 500
    default_message = _("The evidence log failed its integrity check: %(detail)s")


class ProofRequestInvalid(InvalidInput):
    code = "ledger.proof_request_invalid"
    default_message = _("No proof can be made for these sizes: %(detail)s")


class WitnessUnavailable(DomainError):
    code = "ledger.witness_unavailable"
    http_status = 503
    default_message = _("Not enough witnesses cosigned the checkpoint yet.")
