"""Errors of the reconsideration app, each with a stable code (core.api_errors maps them)."""
from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import Conflict, InvalidInput


class IllegalTransition(Conflict):
    code = "reconsideration.illegal_transition"
    default_message = _("A case that is “%(current)s” cannot become “%(target)s”.")


class GuardFailed(Conflict):
    """The move exists in the table but its legal condition is not met."""

    code = "reconsideration.guard_failed"
    default_message = _("This step is not allowed now.")


class ApplicationIncomplete(InvalidInput):
    """The application lacks required items; `items` lists each one (a correction list)."""

    code = "reconsideration.incomplete"
    default_message = _("The application is missing some required items.")

    def __init__(self, items: list[tuple[str, str]]):
        # items: (field, message), in form order.
        super().__init__(field=items[0][0] if items else None)
        self.items = items

    def __str__(self) -> str:
        return "; ".join(str(message) for _field, message in self.items)


class ReasonRequired(InvalidInput):
    code = "reconsideration.reason_required"
    default_message = _("Please give the reasons.")


class CorrectionItemsRequired(InvalidInput):
    code = "reconsideration.correction_items_required"
    default_message = _("List every item the applicant must correct, all at once (第三十一条第一款).")


class SimplifiedNotAllowed(InvalidInput):
    code = "reconsideration.simplified_not_allowed"
    default_message = _("The simplified procedure needs one of the cases of 第五十三条第一款 (an act made on the "
                        "spot, a warning or circulated criticism, an amount of 3,000 yuan or less, government "
                        "information disclosure) or the agreement of all parties, and clear facts with little "
                        "dispute.")


class TooManyAgents(InvalidInput):
    code = "reconsideration.too_many_agents"
    default_message = _("An applicant may appoint one or two agents (第十七条).")


class DuplicateToken(Conflict):
    code = "reconsideration.duplicate_token"
    default_message = _("This submission token belongs to another application.")


class HearingNoticeTooShort(InvalidInput):
    code = "reconsideration.hearing_notice_too_short"
    default_message = _("The hearing must be at least 5 working days after the written notice (第五十一条第一款): "
                        "the earliest date is %(earliest)s.")
