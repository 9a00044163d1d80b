"""The respondent's side: the copy of the application, the reply and its lateness (第四十八条,
第五十四条, 第七十条), and files attached to the case.
"""
from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from smartjustice.core import clock
from smartjustice.notifications.services import notify

from .. import deadlines as periods
from .. import permissions
from ..choices import Procedure, Status
from ..errors import GuardFailed, ReasonRequired
from ..models import ReconsiderationCase
from .common import _due, _lock, _meet, _move, _open, _require, _text, respondent_officers


def send_copy(case, *, acting_user) -> ReconsiderationCase:
    """Send the application copy to the respondent (第四十八条 / 第五十四条第一款). The copy is
    delivered through the respondent portal, so it is received the day it is sent and the
    reply period (10 WD ordinary, 5 WD simplified) counts from that day."""
    _require(permissions.may_handle(acting_user, case))
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.AWAITING_REPLY, acting_user=acting_user)
        _meet(locked, periods.SEND_COPY[locked.procedure], acting_user)
        _open(locked, periods.REPLY[locked.procedure], clock.today(), acting_user)
        for officer in respondent_officers(locked):
            with translation.override(getattr(officer, "language", "") or settings.LANGUAGE_CODE):
                notify(officer, title=_("Reconsideration application %(number)s against your agency")
                       % {"number": locked.case_number},
                       body=_("Reply in writing and submit the evidence and legal basis of the act by the deadline "
                              "shown (《行政复议法》第四十八条, 第五十四条)."),
                       kind="reconsideration.copy", link=reverse("reconsideration:respondent_case", args=[locked.pk]),
                       org=locked.respondent)
    case.refresh_from_db()
    return case


def record_reply(case, *, acting_user, text: str) -> ReconsiderationCase:
    """The respondent's written reply (书面答复). Evidence and legal basis are uploaded as files
    (upload_document). A reply after the deadline is recorded and flagged: without a timely
    reply the act is treated as having no evidence or basis (第七十条)."""
    _require(permissions.may_respond(acting_user, case))
    text = _text(text)
    if not text:
        raise ReasonRequired(_("Write the reply."), field="text")
    with transaction.atomic():
        locked = _lock(case)
        reply_due = _due(locked, periods.REPLY[locked.procedure or Procedure.ORDINARY])
        late = reply_due is not None and clock.today() > reply_due
        _move(locked, Status.IN_EXAMINATION, acting_user=acting_user,
              changes={"reply_received_at": clock.now(), "reply_text": text, "reply_is_late": late},
              note=_("The respondent replied."))
        _meet(locked, periods.REPLY[locked.procedure], acting_user)
    case.refresh_from_db()
    return case


def proceed_without_reply(case, *, acting_user) -> ReconsiderationCase:
    """The reply period lapsed with no reply: examination goes on and the act is treated as
    having no evidence or basis (第七十条)."""
    _require(permissions.may_handle(acting_user, case))
    with transaction.atomic():
        locked = _lock(case)
        _move(locked, Status.IN_EXAMINATION, acting_user=acting_user, changes={"reply_is_late": True},
              note=_("No reply by the deadline: the act is treated as having no evidence or basis "
                     "(《行政复议法》第七十条)."))
    case.refresh_from_db()
    return case


def upload_document(case, uploaded_file, *, acting_user):
    """Attach a file to the case (evidence, reply materials, correction materials) through
    smartjustice.files: checked, hashed and audited there; who may see it follows the case."""
    from smartjustice.files.services import store_upload

    if case.is_terminal:
        raise GuardFailed(_("The case is closed; no more files can be added."))
    if (permissions.may_respond(acting_user, case) and not permissions.may_handle(acting_user, case)
            and case.status != Status.AWAITING_REPLY):
        # Later evidence from the respondent needs the body's consent (第四十六条第二款).
        raise GuardFailed(_("The reply stage is over; further evidence needs the body's consent "
                            "(《行政复议法》第四十六条第二款)."))
    stored = store_upload(uploaded_file, org=case.org, acting_user=acting_user, owner=case)
    return stored
