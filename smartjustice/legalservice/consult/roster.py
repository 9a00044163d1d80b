"""Changes to the consultation roster (律师名册), issue #3 §4.

The lawyer keeps their own entry (update_profile) and the times they offer for calls
(add_slot, remove_slot); the county justice bureau takes a lawyer off routing and puts them
back (suspend_lawyer, resume_lawyer). The firm and the licence number are records of the firm's
membership: set when the lawyer is registered (services.register_lawyer) and corrected only by
those who may register (correct_entry), never by the lawyer. As in services.py: one transaction per
change, the row re-read with select_for_update, an audit entry (audit.record), notifications
after commit (notifications.notify); a refusal raises and writes nothing.
"""
import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from smartjustice.audit.services import diff, record
from smartjustice.core import clock
from smartjustice.core.errors import Conflict, InvalidInput, NotFound
from smartjustice.notifications.services import notify
from smartjustice.orgs.permissions import can

from . import errors, selectors, services
from .choices import LAWYER_ORG_KINDS, BookingStatus, Language, QuestionStatus, Topic
from .models import ConsultationSlot, LawyerProfile, LawyerQuestion

MAX_BIO = 500
MAX_REASON = 200
SLOT_MINUTES = (15, 30, 60)
# A lawyer offers times at most a quarter ahead, so what the roster shows is what they can keep.
SLOT_HORIZON_DAYS = 90


def _require_own(profile: LawyerProfile, acting_user) -> None:
    """Only the lawyer themself; anyone else gets NotFound, so the entry is not revealed."""
    if acting_user is None or not acting_user.is_authenticated or profile.user_id != acting_user.pk:
        raise NotFound()


def update_profile(profile: LawyerProfile, *, acting_user, specialties, languages, bio: str = "",
                   is_available: bool) -> LawyerProfile:
    """The lawyer edits their own roster entry: the topics they take (routing reads them), the
    languages they consult in, a short bio, and whether they accept new questions.

    Guarantees: only the lawyer themself (NotFound for anyone else); at least one known topic
    and one known language, a bio of at most 500 characters, each refusal with its own message
    and nothing written; one audit entry with old and new values, none when nothing changed.
    Not accepting new questions stops routing to the lawyer only: they keep answering their
    queue, and the call times they offered stay bookable (offering a time is an explicit yes)."""
    _require_own(profile, acting_user)
    specialties = services.chosen_values(specialties, allowed=Topic.values, field="specialties",
                                          empty_message=_("Choose at least one topic you take."),
                                          unknown_message=_("Unknown specialty: %(name)s."))
    languages = services.chosen_values(languages, allowed=Language.values, field="languages",
                                        empty_message=_("Choose at least one language you consult in."),
                                        unknown_message=_("Unknown language: %(name)s."))
    bio = (bio or "").strip()
    if len(bio) > MAX_BIO:
        raise errors.TextTooLong(field="bio", limit=MAX_BIO)
    if not isinstance(is_available, bool):
        raise InvalidInput(_("Say whether you accept new questions: yes or no."), field="is_available")
    wanted = {"specialties": specialties, "languages": languages, "bio": bio, "is_available": is_available}
    with transaction.atomic():
        profile = LawyerProfile.objects.select_for_update(of=("self",)).select_related("org", "user").get(pk=profile.pk)
        changes = diff({field: getattr(profile, field) for field in wanted}, wanted)
        if changes:
            for field, value in wanted.items():
                setattr(profile, field, value)
            profile.save(update_fields=[*wanted, "updated_at"])
            record("consult.lawyer.profile_updated", actor=acting_user, obj=profile, org=profile.org, changes=changes)
    return profile


def add_slot(profile: LawyerProfile, *, acting_user, starts_at: dt.datetime | None, minutes) -> ConsultationSlot:
    """The lawyer offers a time for an audio or video call.

    Guarantees: only the lawyer themself (NotFound otherwise); the time is in the future and at
    most SLOT_HORIZON_DAYS ahead, lasts 15, 30 or 60 minutes and overlaps none of the lawyer's
    other times; each refusal has its own message and writes nothing. Seconds are dropped.
    Runs under a lock on the profile row, so two adds at once cannot overlap each other."""
    _require_own(profile, acting_user)
    if starts_at is None:
        raise InvalidInput(_("Choose the date and time the call starts."), field="starts_at")
    if isinstance(minutes, bool) or minutes not in SLOT_MINUTES:
        raise InvalidInput(_("A call lasts 15, 30 or 60 minutes."), field="minutes")
    starts_at = starts_at.replace(second=0, microsecond=0)
    ends_at = starts_at + dt.timedelta(minutes=minutes)
    now = clock.now()
    if starts_at <= now:
        raise InvalidInput(_("Choose a time in the future."), field="starts_at")
    if starts_at > now + dt.timedelta(days=SLOT_HORIZON_DAYS):
        raise InvalidInput(_("Times can be offered at most %(days)d days ahead.") % {"days": SLOT_HORIZON_DAYS},
                           field="starts_at")
    with transaction.atomic():
        profile = LawyerProfile.objects.select_for_update(of=("self",)).select_related("org").get(pk=profile.pk)
        nearby = profile.slots.filter(starts_at__lt=ends_at,
                                      starts_at__gt=starts_at - dt.timedelta(minutes=max(SLOT_MINUTES)))
        clash = next((slot for slot in nearby.order_by("starts_at") if slot.ends_at > starts_at), None)
        if clash is not None:
            raise errors.SlotOverlaps(field="starts_at", start=services.local_time(clash.starts_at),
                                      end=services.local_time(clash.ends_at, "%H:%M"))
        slot = ConsultationSlot.objects.create(lawyer=profile, starts_at=starts_at, minutes=minutes, created_at=now)
        record("consult.lawyer.slot_added", actor=acting_user, obj=profile, org=profile.org,
               changes={"slot": [None, {"id": slot.pk, "starts_at": starts_at.isoformat(), "minutes": minutes}]})
    return slot


def remove_slot(slot: ConsultationSlot, *, acting_user) -> None:
    """The lawyer withdraws a time nobody has booked.

    Guarantees: only the lawyer themself (NotFound otherwise); a booked time (SlotBooked) and
    one that has begun stay; the removal is audited with the time it withdrew."""
    with transaction.atomic():
        slot = (ConsultationSlot.objects.select_for_update(of=("self",)).select_related("lawyer__org")
                .filter(pk=slot.pk).first())
        if slot is None:
            raise NotFound()
        _require_own(slot.lawyer, acting_user)
        if slot.starts_at <= clock.now():
            raise Conflict(_("A time that has begun stays on record."), code="consult.slot_started", field="slot")
        if slot.bookings.filter(status=BookingStatus.BOOKED).exists():
            raise errors.SlotBooked(field="slot")
        record("consult.lawyer.slot_removed", actor=acting_user, obj=slot.lawyer, org=slot.lawyer.org,
               changes={"slot": [{"id": slot.pk, "starts_at": slot.starts_at.isoformat(), "minutes": slot.minutes},
                                 None]})
        slot.delete()


def _required_reason(reason: str, *, empty_message: str) -> str:
    """A reason the bureau must give (suspension, correction): stripped, not empty, at most
    MAX_REASON characters."""
    reason = (reason or "").strip()
    if not reason:
        raise errors.EmptyText(empty_message, field="reason")
    if len(reason) > MAX_REASON:
        raise errors.TextTooLong(field="reason", limit=MAX_REASON)
    return reason


def suspend_lawyer(profile: LawyerProfile, *, acting_user, reason: str) -> LawyerProfile:
    """The bureau takes a lawyer off consultation routing, with a reason the lawyer is shown
    (《律师法》第五十二条: the county justice bureau supervises lawyers' practice day to day).

    What happens to the lawyer's work, and why:
    * No new questions: routing (selectors.available_lawyers) skips a suspended lawyer whatever
      their own availability says. Their free call times leave the public roster and cannot be
      booked; they are kept, not deleted, so resuming brings them back.
    * Questions still waiting for a first answer are passed on at once: the citizen should not
      wait on a lawyer the bureau has stopped. They go where a new question on the topic would
      go for the same citizen (services.route: the available specialist nearest them, in their
      county, then their city, then anywhere, with the fewest open questions; else the queue
      of their county's legal aid centre); a question already escalated stays at its centre,
      with another lawyer there or in the centre's queue. created_at is kept, so the warning and
      escalation clock runs on from when the citizen asked, and warned_at / escalated_at stay
      as they were (each is set at most once). The new lawyer (or the centre's lawyers) and the
      citizen are told.
    * Threads the lawyer has already answered stay with them: the citizen has their advice,
      can follow up and rate it, and the bureau sees them on its roster page.
    * Calls already booked stay booked: the citizen chose that lawyer and that time.

    Guarantees: needs consult.roster.manage over the lawyer's firm (NotFound otherwise, so
    another county's lawyers are not revealed); a reason of at most 200 characters; refused
    when already suspended; the suspension, every passed-on question and their audit entries
    commit together."""
    if not can(acting_user, "consult.roster.manage", profile):
        raise NotFound()
    reason = _required_reason(reason, empty_message=_("Please give the reason for the suspension."))
    with transaction.atomic():
        profile = LawyerProfile.objects.select_for_update(of=("self",)).select_related("org", "user").get(pk=profile.pk)
        if profile.is_suspended:
            raise errors.AlreadySuspended()
        now = clock.now()
        profile.is_suspended, profile.suspended_at, profile.suspension_reason = True, now, reason
        profile.save(update_fields=["is_suspended", "suspended_at", "suspension_reason", "updated_at"])
        record("consult.lawyer.suspended", actor=acting_user, obj=profile, org=profile.org, reason=reason,
               changes={"is_suspended": [False, True]})
        waiting = (LawyerQuestion.objects.select_for_update(of=("self",)).select_related("org", "owner")
                   .filter(lawyer=profile, status=QuestionStatus.OPEN, first_answered_at__isnull=True).order_by("pk"))
        for question in waiting:
            _pass_on(question, acting_user=acting_user, reason=reason)
        notify(profile.user, title=_("You have been taken off consultation routing"), body=reason,
               kind="consult.lawyer.suspended", link=reverse("consult:lawyer-profile"), org=profile.org)
    return profile


def _pass_on(question: LawyerQuestion, *, acting_user, reason: str) -> None:
    """Give a waiting question of a suspended lawyer to whoever would get it now."""
    old_lawyer_id, old_org_id = question.lawyer_id, question.org_id
    if question.is_escalated:
        candidates = selectors.available_lawyers(question.topic, org=question.org)
        lawyer, org = (candidates[0] if candidates else None), question.org
    else:
        try:
            lawyer, org = services.route(question.topic, asker=question.owner)
        except errors.LawyerUnavailable:
            lawyer, org = None, question.org
    question.lawyer, question.org = lawyer, org
    question.save(update_fields=["lawyer", "org", "updated_at"])
    record("consult.question.passed_on", actor=acting_user, obj=question, org=org,
           reason=reason,
           changes={"lawyer": [old_lawyer_id, lawyer.pk if lawyer else None], "org": [old_org_id, org.pk]})
    recipients = ([lawyer.user] if lawyer is not None else
                  [colleague.user for colleague in org.lawyers.filter(is_suspended=False).select_related("user")])
    for recipient in recipients:
        notify(recipient, title=_("New consultation question: %(title)s") % {"title": question.title[:60]},
               body=question.body[:200], kind="consult.question.assigned", link=question.get_absolute_url(), org=org)
    notify(question.owner, title=_("Your question has been passed to another lawyer"), body=question.title,
           kind="consult.question.passed_on", link=question.get_absolute_url(), org=org)


def resume_lawyer(profile: LawyerProfile, *, acting_user) -> LawyerProfile:
    """The bureau puts a suspended lawyer back on routing. Their offered times show again;
    questions passed on during the suspension stay where they went. Needs consult.roster.manage
    (NotFound otherwise); refused when the lawyer is not suspended."""
    if not can(acting_user, "consult.roster.manage", profile):
        raise NotFound()
    with transaction.atomic():
        profile = LawyerProfile.objects.select_for_update(of=("self",)).select_related("org", "user").get(pk=profile.pk)
        if not profile.is_suspended:
            raise errors.NotSuspended()
        record("consult.lawyer.resumed", actor=acting_user, obj=profile, org=profile.org,
               changes={"is_suspended": [True, False], "suspension_reason": [profile.suspension_reason, ""]})
        profile.is_suspended, profile.suspended_at, profile.suspension_reason = False, None, ""
        profile.save(update_fields=["is_suspended", "suspended_at", "suspension_reason", "updated_at"])
        notify(profile.user, title=_("You are back on consultation routing"), body="",
               kind="consult.lawyer.resumed", link=reverse("consult:lawyer-profile"), org=profile.org)
    return profile


def correct_entry(profile: LawyerProfile, *, acting_user, reason: str, licence_number: str | None = None,
                  org=None) -> LawyerProfile:
    """Correct a roster entry's licence number (执业证号) and/or move the lawyer to another law
    firm or legal aid centre where they hold the lawyer role (律师变更执业机构); None keeps a value.

    Who: the same people as services.register_lawyer — org.manage_members over the entry's
    firm (NotFound otherwise, so another county's lawyers are not revealed) and, for a move,
    over the new organisation too: an entry leaves one firm's records and joins another's.

    What a move does, and why: questions assigned to the lawyer that a legal aid centre has not
    taken over and that are not closed follow the lawyer (their org becomes the new firm, each
    audited), because a question's org is the firm of its assigned lawyer and the lawyer keeps
    answering their threads; closed questions stay on record with the firm that handled them,
    escalated ones with their centre. Call times and bookings belong to the lawyer and stay.
    A suspension stays as it is.

    Guarantees: a reason of at most 200 characters; a 17-digit licence number no other entry
    holds; a new organisation that is a law firm or a legal aid centre where the lawyer holds
    an active lawyer role; something must differ from the entry. Each refusal has its own
    message and writes nothing. The entry, the questions that follow it and the audit entries
    (old and new values, the reason) commit together, under a lock on the entry; the lawyer
    is told."""
    if not can(acting_user, "org.manage_members", profile):
        raise NotFound()
    reason = _required_reason(reason, empty_message=_("Please give the reason for the correction."))
    if licence_number is not None:
        licence_number = services.clean_licence_number(licence_number)
    if org is not None:
        if not can(acting_user, "org.manage_members", org):
            raise InvalidInput(_("You do not manage the members of %(org)s.") % {"org": org.name}, field="org")
        if org.kind not in LAWYER_ORG_KINDS:
            raise InvalidInput(_("Lawyers are registered at a law firm or a legal aid centre."), field="org")
    try:
        with transaction.atomic():
            profile = _correct_locked(profile, acting_user=acting_user, reason=reason,
                                      licence_number=licence_number, org=org)
    except IntegrityError:
        # Another entry took the number between our check and our write (the unique constraint).
        raise services.licence_number_taken() from None
    return profile


def _correct_locked(profile: LawyerProfile, *, acting_user, reason: str, licence_number: str | None,
                    org) -> LawyerProfile:
    profile = LawyerProfile.objects.select_for_update(of=("self",)).select_related("org", "user").get(pk=profile.pk)
    wanted = {"licence_number": licence_number if licence_number is not None else profile.licence_number,
              "org": org.pk if org is not None else profile.org_id}
    changes = diff({"licence_number": profile.licence_number, "org": profile.org_id}, wanted)
    if not changes:
        raise InvalidInput(_("The licence number and the firm are already as given: there is nothing to correct."))
    if "licence_number" in changes and (LawyerProfile.objects.filter(licence_number=licence_number)
                                        .exclude(pk=profile.pk).exists()):
        raise services.licence_number_taken()
    old_org = profile.org
    if "org" in changes:
        if not services.holds_lawyer_role(profile.user, org):
            raise InvalidInput(_("%(lawyer)s does not hold the lawyer role at %(org)s.") % {
                "lawyer": profile, "org": org.name}, field="org")
        changes["org"] = [{"id": old_org.pk, "name": old_org.name}, {"id": org.pk, "name": org.name}]
        profile.org = org
    profile.licence_number = wanted["licence_number"]
    profile.save(update_fields=["licence_number", "org", "updated_at"])
    record("consult.lawyer.entry_corrected", actor=acting_user, obj=profile, org=profile.org, reason=reason,
           changes=changes)
    if "org" in changes:
        # The firm the lawyer left keeps the record too (its audit trail shows who left and why).
        record("consult.lawyer.entry_corrected", actor=acting_user, obj=profile, org=old_org, reason=reason,
               changes=changes)
        _move_questions(profile, old_org=old_org, acting_user=acting_user, reason=reason)
    notify(profile.user, title=_("Your roster entry was corrected"), body=reason,
           kind="consult.lawyer.entry_corrected", link=reverse("consult:lawyer-profile"), org=profile.org)
    return profile


def _move_questions(profile: LawyerProfile, *, old_org, acting_user, reason: str) -> None:
    """The lawyer's questions still in their hands follow them to their new firm. The person
    who asked is told which firm now holds the question and what they attached, and that they
    may withdraw it (services.withdraw_question): it is another organisation than the one
    they wrote to. Whether such a move also needs their separate consent (《个人信息保护法》
    第二十三条) is for the bureau's personal-information officer to decide; until then the
    move is told, not asked."""
    following = (LawyerQuestion.objects.select_for_update(of=("self",))
                 .filter(lawyer=profile, org=old_org, escalated_at__isnull=True)
                 .exclude(status=QuestionStatus.CLOSED).order_by("pk"))
    for question in following:
        question.org = profile.org
        question.save(update_fields=["org", "updated_at"])
        record("consult.question.moved_with_lawyer", actor=acting_user, obj=question, org=profile.org,
               reason=reason, changes={"org": [old_org.pk, profile.org_id]})
        notify(question.owner, title=_("Your question moved with your lawyer to %(org)s") % {"org": profile.org.name},
               body=_("%(lawyer)s now practises at %(org)s and keeps answering \"%(title)s\". The question and its "
                      "attachments are now on record with that firm; you may withdraw the question on its page "
                      "if you do not agree.") % {"lawyer": profile, "org": profile.org.name, "title": question.title[:60]},
               kind="consult.question.moved", link=question.get_absolute_url(), org=profile.org)
