"""Who may do what to a 行政复议 case. Decisions come from orgs.permissions.can and its table.

A case is seen by two organisations (ReconsiderationCase.permission_org_ids): the body that
handles it and the respondent agency. What each side may *do* is asked against that side
alone, so a respondent's officer can never act as the reconsideration body even where a
role would otherwise match:

  reconsideration.file     file an application (citizens, enterprises, a clerk at a window)
  reconsideration.view     see the case (applicant, body officers, respondent officers, supervisors)
  reconsideration.upload   attach files (applicant, body officers, respondent officers)
  reconsideration.handle   every procedural step of the body (reconsideration officers)
  reconsideration.approve  approvals of the institution's head: extension (第六十二条第一款),
                           conversion to the ordinary procedure (第五十五条) (supervisors)
  reconsideration.respond  the respondent's reply and evidence (enforcement officers, respondent side only)
  reconsideration.statistics  figures across the body's cases
"""
from dataclasses import dataclass

from smartjustice.orgs.permissions import can


@dataclass(frozen=True)
class Side:
    """What orgs.permissions.can reads of an object: one organisation, optionally an owner."""

    org_id: int
    owner_id: int | None = None


def body_side(case) -> Side:
    return Side(org_id=case.org_id, owner_id=case.owner_id)


def respondent_side(case) -> Side:
    return Side(org_id=case.respondent_id)


def is_applicant(user, case) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and case.owner_id == user.pk)


def may_handle(user, case) -> bool:
    return can(user, "reconsideration.handle", body_side(case))


def may_approve(user, case) -> bool:
    return can(user, "reconsideration.approve", body_side(case))


def may_respond(user, case) -> bool:
    """Respondent-side officers, once the copy of the application has reached them."""
    return case.copy_sent_at is not None and can(user, "reconsideration.respond", respondent_side(case))


def may_edit_draft(user, case) -> bool:
    return is_applicant(user, case) or (case.filed_by_id is not None and case.filed_by_id == getattr(user, "pk", None))
