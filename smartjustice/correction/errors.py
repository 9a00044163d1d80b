"""Errors of the correction app, each with a stable code (core.api_errors maps them to HTTP)."""
from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import Conflict, InvalidInput


class DuplicateFile(Conflict):
    code = "correction.duplicate_file"
    default_message = _("This person already has an open correction file.")


class SubjectNotActive(Conflict):
    code = "correction.subject_not_active"
    default_message = _("This correction has ended; nothing more can be recorded on it.")


class AlreadyReported(Conflict):
    code = "correction.already_reported"
    default_message = _("This person has already reported in.")


class GroupIncomplete(InvalidInput):
    code = "correction.group_incomplete"


class MeasureNotApplicable(InvalidInput):
    code = "correction.measure_not_applicable"


class ReasonRequired(InvalidInput):
    code = "correction.reason_required"
    default_message = _("Please give the facts and reasons.")


class ProhibitionNotApplicable(InvalidInput):
    code = "correction.prohibition_not_applicable"
    default_message = _("A prohibition order can only accompany public surveillance or a suspended sentence (《刑法》第三十八条第二款, 第七十二条第二款).")


class LeaveTooLong(InvalidInput):
    code = "correction.leave_too_long"
    default_message = _("Leave of %(days)s days is longer than the %(limit)s days local policy allows for one trip.")


class LeaveConflictsWithProhibition(Conflict):
    code = "correction.leave_conflicts_with_prohibition"
    default_message = _("The destination lies in “%(area)s”, which a court prohibition order forbids entering until %(until)s.")


class ReportTooOld(InvalidInput):
    code = "correction.report_too_old"
    default_message = _("This report was made more than %(minutes)s minutes ago and can no longer be accepted.")


class ReportInFuture(InvalidInput):
    code = "correction.report_in_future"
    default_message = _("The report's time lies in the future; check the phone's clock.")


class PositioningNotAuthorised(Conflict):
    code = "correction.positioning_not_authorised"
    default_message = _("There is no current electronic positioning order for this person (《社区矫正法》第二十九条): tracks are neither recorded nor shown.")


class PositioningApproverNotCounty(Conflict):
    code = "correction.positioning_needs_county_head"
    default_message = _("Electronic positioning must be approved by the head of the county-level justice bureau (《社区矫正法》第二十九条第一款).")


class PositioningTooLong(InvalidInput):
    code = "correction.positioning_too_long"
    default_message = _("Electronic positioning may be ordered for at most three months at a time (《社区矫正法》第二十九条第二款).")


class IdentityNotVerified(Conflict):
    code = "correction.identity_not_verified"
    default_message = _("The identity check did not succeed: %(result)s. The attempt has been recorded.")


class StateConflict(Conflict):
    code = "correction.state_conflict"


class TransferWithinCounty(InvalidInput):
    code = "correction.transfer_within_county"
    default_message = _("%(org)s is in the county that already executes this correction: a move within the county is a change of address, approved by the office without a decision on the place of execution.")


class TransferDeciderNotCounty(Conflict):
    code = "correction.transfer_needs_county_institution"
    default_message = _("A change of execution place is decided by the county-level correction institution that executes the correction (《社区矫正法》第二十七条第二款).")
