"""Errors of the deadline engine, each with a stable `code` (issue #2 §5).

They subclass core.errors so the API handler maps them to one error shape and the CLI
prints their translated message; raising any of them means nothing was changed.
"""
from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import Conflict, InvalidInput


class UnknownRule(InvalidInput):
    code = "unknown_rule"
    default_message = _("There is no deadline rule with the id “%(rule_id)s”.")


class InvalidDate(InvalidInput):
    code = "invalid_date"
    default_message = _("“%(value)s” is not a valid date; please use the form YYYY-MM-DD, e.g. 2025-03-01.")


class NoHolidayData(Conflict):
    """The computation touches a year whose official holiday arrangement is not loaded.

    A legal system must not guess: without the State Council's notice for that year we
    cannot tell a working day from a rest day."""

    code = "no_holiday_data"
    default_message = _(
        "The official holiday arrangement for %(year)s is not loaded, so this deadline cannot be "
        "computed. Load it with “smartjustice holidays import” or add the year in the admin."
    )


class ExtensionExceedsCap(InvalidInput):
    code = "extension_exceeds_cap"
    default_message = _("This period may be extended by at most %(cap)s (%(citation)s); %(amount)s was asked for.")


class ExtensionNotAllowed(InvalidInput):
    code = "extension_not_allowed"
    default_message = _("The law provides no extension of this period (rule “%(rule_id)s”).")


class InvalidAmount(InvalidInput):
    code = "invalid_amount"
    default_message = _("“%(value)s” is not a valid number of days; please give a whole number of at least 1.")


class InvalidHolidayData(InvalidInput):
    """The holiday file is malformed; nothing was imported."""

    code = "invalid_holiday_data"
    default_message = _("The holiday data is not valid: %(detail)s")


class ExtensionNotLonger(Conflict):
    code = "extension_not_longer"
    default_message = _(
        "This deadline is already extended by %(current)s; a new extension must be longer, "
        "because the parties have been told the extended date."
    )


class DeadlineAlreadyMet(Conflict):
    code = "deadline_already_met"
    default_message = _("This deadline was already met on %(met_at)s.")


class NoHolidayDataLoaded(NoHolidayData):
    """No year at all is loaded: a fresh install that has not imported the calendar."""

    default_message = _(
        "No official holiday arrangement is loaded yet. Run “smartjustice holidays import” "
        "to load the State Council's arrangements, then try again."
    )


class ReasonRequired(InvalidInput):
    code = "reason_required"
    default_message = _("Please give the reason for the extension and who approved it.")
