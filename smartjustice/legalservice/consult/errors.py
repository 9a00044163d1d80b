"""Errors of legal consultation, each with a stable code (core.errors)."""
from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import Conflict, InvalidInput


class EmptyText(InvalidInput):
    code = "consult.empty_text"
    default_message = _("Please write your question.")


class TextTooLong(InvalidInput):
    code = "consult.text_too_long"
    default_message = _("The text is too long: at most %(limit)d characters, please.")


class InvalidRating(InvalidInput):
    code = "consult.invalid_rating"
    default_message = _("Choose a rating from 1 to 5 stars.")


class NothingToRate(Conflict):
    code = "consult.nothing_to_rate"
    default_message = _("A lawyer has not answered yet, so there is nothing to rate.")


class AlreadyRated(Conflict):
    code = "consult.already_rated"
    default_message = _("This has already been rated.")


class QuestionClosed(Conflict):
    code = "consult.question_closed"
    default_message = _("This question is closed.")


class NotAssignedLawyer(Conflict):
    code = "consult.not_assigned_lawyer"
    default_message = _("Only the lawyer this question is assigned to can answer it.")


class AlreadyEscalated(Conflict):
    code = "consult.already_escalated"
    default_message = _("This conversation has already been passed to a lawyer.")


class SignInRequired(InvalidInput):
    code = "consult.sign_in_required"
    default_message = _("Please sign in to ask a lawyer, so that the lawyer can answer you.")


class LawyerUnavailable(Conflict):
    code = "consult.lawyer_unavailable"
    default_message = _("This lawyer cannot take calls at the moment.")


class SlotOverlaps(InvalidInput):
    code = "consult.slot_overlaps"
    default_message = _("This time overlaps your consultation time %(start)s–%(end)s.")


class SlotPassed(InvalidInput):
    code = "consult.slot_passed"
    default_message = _("This time has already begun; please choose a later one.")


class SlotTaken(Conflict):
    code = "consult.slot_taken"
    default_message = _("Someone has just booked this time; please choose another.")


class SlotBooked(Conflict):
    code = "consult.slot_booked"
    default_message = _("A citizen has booked this time, so it cannot be removed.")


class AlreadyBookedWithLawyer(Conflict):
    code = "consult.already_booked"
    default_message = _("You already have a call booked with this lawyer on %(when)s.")


class CallStarted(Conflict):
    code = "consult.call_started"
    default_message = _("This call began at %(when)s and can no longer be cancelled. If it did not take place, "
                        "ask the lawyer in writing.")


class AlreadyCancelled(Conflict):
    code = "consult.already_cancelled"
    default_message = _("This call was already cancelled on %(when)s.")


class AlreadySuspended(Conflict):
    code = "consult.already_suspended"
    default_message = _("This lawyer is already suspended from routing.")


class NotSuspended(Conflict):
    code = "consult.not_suspended"
    default_message = _("This lawyer is not suspended.")
