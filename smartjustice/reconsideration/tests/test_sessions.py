"""Hearing and mediation rooms: notice lead time, meeting link, minutes, agreement by both sides."""
import datetime as dt

import pytest

from smartjustice.audit.models import AuditEntry
from smartjustice.reconsideration import services
from smartjustice.reconsideration.choices import Procedure, SessionKind, Status
from smartjustice.reconsideration.conferencing import UrlTemplateProvider
from smartjustice.reconsideration.errors import GuardFailed, HearingNoticeTooShort
from smartjustice.reconsideration.models import Session

from .conftest import START

pytestmark = pytest.mark.django_db
TZ = START.tzinfo


@pytest.fixture
def examined(submitted, people):
    case = services.accept_application(submitted, acting_user=people["officer"], procedure=Procedure.ORDINARY)
    case = services.send_copy(case, acting_user=people["officer"])
    return services.record_reply(case, acting_user=people["respondent_officer"], text="答复")


def test_hearing_needs_five_working_days_notice(examined, people, settings):
    settings.RECONSIDERATION_CONFERENCE_URL_TEMPLATE = "https://meet.example.gov.cn/room/{room}"
    # Notice on Tue 10 Feb 2026: 11, 12, 13, Sat 14 (make-up day), then 24 Feb after the Spring Festival.
    too_early = dt.datetime(2026, 2, 23, 9, 0, tzinfo=TZ)

    with pytest.raises(HearingNoticeTooShort) as raised:
        services.schedule_session(examined, acting_user=people["officer"], kind=SessionKind.HEARING,
                                  scheduled_for=too_early)
    assert raised.value.params["earliest"] == "2026-02-24"
    assert Session.objects.count() == 0

    session = services.schedule_session(examined, acting_user=people["officer"], kind=SessionKind.HEARING,
                                        scheduled_for=dt.datetime(2026, 2, 24, 9, 0, tzinfo=TZ), place="听证室")

    examined.refresh_from_db()
    assert examined.status == Status.HEARING
    assert session.meeting_url == "https://meet.example.gov.cn/room/" + UrlTemplateProvider().room_name(session)
    assert session.meeting_url.startswith(f"https://meet.example.gov.cn/room/fy-{examined.pk}-{session.pk}-")


def test_no_template_means_no_link(examined, people, settings):
    settings.RECONSIDERATION_CONFERENCE_URL_TEMPLATE = ""

    session = services.schedule_session(examined, acting_user=people["officer"], kind=SessionKind.MEDIATION,
                                        scheduled_for=dt.datetime(2026, 2, 12, 9, 0, tzinfo=TZ))

    assert session.meeting_url == ""


def test_minutes_close_the_hearing_and_return_to_examination(examined, people):
    session = services.schedule_session(examined, acting_user=people["officer"], kind=SessionKind.HEARING,
                                        scheduled_for=dt.datetime(2026, 2, 25, 9, 0, tzinfo=TZ))

    services.record_session(session, acting_user=people["officer"], attendance={"applicant": True},
                            minutes="双方陈述意见")

    examined.refresh_from_db()
    session.refresh_from_db()
    assert (examined.status, session.attendance, session.minutes) == (Status.IN_EXAMINATION, {"applicant": True},
                                                                     "双方陈述意见")
    with pytest.raises(GuardFailed):
        services.record_session(session, acting_user=people["officer"], attendance={}, minutes="again")


def test_agreement_takes_effect_only_when_both_sides_confirm(examined, people):
    services.schedule_session(examined, acting_user=people["officer"], kind=SessionKind.MEDIATION,
                              scheduled_for=dt.datetime(2026, 2, 12, 9, 0, tzinfo=TZ))
    services.draft_agreement(examined, acting_user=people["officer"], terms="罚款减为100元，申请人撤回申请")

    case = services.confirm_agreement(examined, acting_user=people["applicant"])
    assert case.status == Status.MEDIATION
    with pytest.raises(GuardFailed):
        services.confirm_agreement(examined, acting_user=people["applicant"])

    case = services.confirm_agreement(examined, acting_user=people["respondent_officer"])

    assert case.status == Status.MEDIATED and case.mediated_at is not None
    assert services.current_deadline(case, "reconsideration.decide_ordinary") is None
    assert AuditEntry.objects.filter(action="reconsideration.case.mediated").count() == 1
