"""Changes of legal consultation. Each service runs in one transaction, re-reads the row it
changes with select_for_update, writes an audit entry (audit.record) and sends notifications
only after commit (notifications.notify). A refusal raises a consult.errors error and changes
nothing.
"""
import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from smartjustice.audit.services import record
from smartjustice.core import clock
from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.files.services import store_upload
from smartjustice.notifications.services import notify
from smartjustice.orgs.choices import Role
from smartjustice.orgs.models import Membership
from smartjustice.orgs.permissions import can
from smartjustice.statutes.search.query import validate_query

from . import answering, errors, selectors
from .choices import (
    LAWYER_ORG_KINDS,
    BookingMode,
    BookingStatus,
    Language,
    QuestionStatus,
    Speaker,
    Topic,
)
from .conferencing import get_provider
from .generation import draft_answer
from .models import (
    Booking,
    ConsultationSlot,
    Conversation,
    LawyerProfile,
    LawyerQuestion,
    Message,
    Reply,
)

MAX_BODY = 5000
MAX_TITLE = 100
MAX_SUBJECT = 200
MAX_REASON = 200


def local_time(moment: dt.datetime, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A moment as people read it here: China Standard Time (core.clock.LEGAL_TZ)."""
    return moment.astimezone(clock.LEGAL_TZ).strftime(pattern)


def _text(value: str, *, field: str, limit: int, empty_message=None) -> str:
    cleaned = (value or "").strip()
    if not cleaned:
        raise errors.EmptyText(empty_message, field=field)
    if len(cleaned) > limit:
        raise errors.TextTooLong(field=field, limit=limit)
    return cleaned


# --- smart consultation -------------------------------------------------------------------

def ask(question: str, *, user=None, session=None, conversation: Conversation | None = None) -> Message:
    """Answer a citizen's question with cited articles, a next step and offers; a follow-up
    when `conversation` is given (its earlier questions widen the search).

    Guarantees: an empty or over-long question raises statutes.errors.InvalidQuery (field "q")
    and writes nothing; otherwise the question and the answer are stored as two messages of
    the conversation (a new one owned by `user`, or remembered in `session` for an anonymous
    visitor). The drafted answer is present only when a drafter is configured and its draft
    cites nothing but the retrieved articles."""
    question = validate_query(question)
    context = selectors.conversation_context(conversation) if conversation is not None else ""
    result = answering.answer(question, context=context)
    articles = [{**item, "text": "".join(segment for segment, _match in item["passages"])}
                for item in result.citations]
    draft = "" if result.is_low_confidence else draft_answer(question, articles)
    with transaction.atomic():
        if conversation is None:
            is_person = user is not None and user.is_authenticated
            conversation = Conversation.objects.create(owner=user if is_person else None, topic=result.topic)
            if not is_person and session is not None:
                session[selectors.SESSION_KEY] = [*selectors.session_conversation_ids(session), conversation.pk]
        else:
            conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
            if conversation.topic == Topic.OTHER and result.topic != Topic.OTHER:
                conversation.topic = result.topic
                conversation.save(update_fields=["topic", "updated_at"])
        now = clock.now()
        Message.objects.create(conversation=conversation, speaker=Speaker.CITIZEN, text=question, created_at=now)
        reply = Message.objects.create(
            conversation=conversation, speaker=Speaker.ASSISTANT, text="", citations=result.citations,
            next_step=result.next_step, offers=result.offers, confidence=result.confidence,
            is_low_confidence=result.is_low_confidence, draft=draft, created_at=now)
        record("consult.conversation.answered", actor=user, obj=conversation,
               changes={"message": [None, reply.pk], "citations": [None, [c["citation"] for c in result.citations]],
                        "confidence": [None, result.confidence]})
    return reply


def rate_answer(message: Message, *, helpful: bool, acting_user=None) -> Message:
    """Record whether an answer helped. The caller has checked access to its conversation
    (selectors.access_conversation). Only answers can be rated; a repeat with the same value
    changes nothing, a different value replaces it (audited)."""
    if not isinstance(helpful, bool):
        raise InvalidInput(_("Say whether the answer helped: yes or no."), field="helpful")
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if message.speaker != Speaker.ASSISTANT:
            raise NotFound()
        if message.rating is helpful:
            return message
        old = message.rating
        message.rating = helpful
        message.save(update_fields=["rating"])
        record("consult.message.rated", actor=acting_user, obj=message.conversation,
               changes={"message": [message.pk, message.pk], "helpful": [old, helpful]})
    return message


def escalation_text(conversation: Conversation) -> str:
    """The conversation as a lawyer reads it: the citizen's questions and the articles shown."""
    lines = []
    for message in selectors.messages_of(conversation):
        if message.speaker == Speaker.CITIZEN:
            lines.append(message.text)
        elif message.citations:
            lines.append(_("Articles shown: %(list)s") % {"list": "、".join(c["citation"] for c in message.citations)})
    return "\n".join(lines)[:MAX_BODY]


def escalate_conversation(conversation: Conversation, *, acting_user, topic: str | None = None,
                          title: str = "", body: str = "", files=()) -> LawyerQuestion:
    """Turn a conversation into a question to a lawyer without retyping: the title and body
    default to the conversation's first question and its whole text. Signs the conversation
    over to the user when a session started it. Raises SignInRequired for anonymous visitors
    and AlreadyEscalated for a conversation already passed on."""
    if acting_user is None or not acting_user.is_authenticated:
        raise errors.SignInRequired()
    first = conversation.messages.filter(speaker=Speaker.CITIZEN).order_by("created_at", "pk").first()
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.lawyer_question_id is not None:
            raise errors.AlreadyEscalated()
        question = post_question(acting_user=acting_user, topic=topic or locked.topic,
                                 title=title or (first.text[:MAX_TITLE] if first else ""),
                                 body=body or escalation_text(locked), files=files)
        locked.owner = acting_user
        locked.lawyer_question = question
        locked.save(update_fields=["owner", "lawyer_question", "updated_at"])
        record("consult.conversation.escalated", actor=acting_user, obj=locked,
               changes={"lawyer_question": [None, question.pk]})
    return question


# --- lawyer consultation --------------------------------------------------------------------

def chosen_values(values, *, allowed: list[str], field: str, empty_message: str | None,
                  unknown_message: str) -> list[str]:
    """The chosen values in the choices' own order, without repeats; unknown ones refused, and
    none refused unless empty_message is None."""
    values = list(values or [])
    unknown = [value for value in values if value not in allowed]
    if unknown:
        raise InvalidInput(unknown_message % {"name": unknown[0]}, field=field)
    if not values and empty_message is not None:
        raise InvalidInput(empty_message, field=field)
    return [value for value in allowed if value in values]


def clean_licence_number(licence_number: str) -> str:
    """A lawyer's licence number (执业证号): 17 digits, surrounding spaces dropped."""
    licence_number = (licence_number or "").strip()
    if len(licence_number) != 17 or not licence_number.isdigit():
        raise InvalidInput(_("A lawyer's licence number has 17 digits."), field="licence_number")
    return licence_number


def licence_number_taken() -> InvalidInput:
    return InvalidInput(_("This licence number is already on the roster."), field="licence_number")


def holds_lawyer_role(user, org) -> bool:
    """An active account with an active lawyer membership at `org`."""
    return user.is_active and Membership.objects.filter(user=user, org=org, role=Role.LAWYER, is_active=True).exists()


def register_lawyer(user, *, org, licence_number: str, specialties=(), languages=(), acting_user) -> LawyerProfile:
    """Put a lawyer on the roster (律师名册) at a law firm or a legal aid centre.

    Who: whoever may manage the organisation's members (org.manage_members): its own
    administrators, and the administrators of the justice bureaus above it (a subtree role).
    That is the same subtree rule by which the bureau's roster page (selectors.bureau_roster,
    "consult.statistics") shows a firm's lawyers, so every firm one may register at is one
    whose lawyers one already reads on that page. Bureau supervisors read the roster and take
    lawyers off routing (consult.roster.manage) but do not register: an entry is a record of
    the firm's membership, which is the administrators' to keep. Anyone else gets NotFound.

    Guarantees: the person holds an active lawyer role at the organisation, with an active
    account, and is not on the roster yet; the licence number (执业证号) is 17 digits and not
    on the roster; known topics (none is allowed: no question is routed by topic then) and at
    least one known language; each refusal has its own message and writes nothing. The entry
    and its audit entry commit together; a licence number taken at the same moment by another
    registration is refused with the same message (the unique constraint), not an error page."""
    if not can(acting_user, "org.manage_members", org):
        raise NotFound()
    if org.kind not in LAWYER_ORG_KINDS:
        raise InvalidInput(_("Lawyers are registered at a law firm or a legal aid centre."), field="org")
    if not holds_lawyer_role(user, org):
        raise InvalidInput(_("This person does not hold the lawyer role at this organisation."), field="user")
    if LawyerProfile.objects.filter(user=user).exists():
        raise InvalidInput(_("This person is already on the roster."), field="user")
    licence_number = clean_licence_number(licence_number)
    if LawyerProfile.objects.filter(licence_number=licence_number).exists():
        raise licence_number_taken()
    # No topic is allowed: a legal aid centre's lawyer may take only the questions escalated to
    # the centre's queue, and a lawyer chooses topics on their own entry (roster.update_profile).
    specialties = chosen_values(specialties, allowed=Topic.values, field="specialties", empty_message=None,
                                unknown_message=_("Unknown specialty: %(name)s."))
    languages = chosen_values(languages, allowed=Language.values, field="languages",
                              empty_message=_("Choose at least one language the lawyer consults in."),
                              unknown_message=_("Unknown language: %(name)s."))
    try:
        with transaction.atomic():
            profile = LawyerProfile.objects.create(user=user, org=org, licence_number=licence_number,
                                                   specialties=specialties, languages=languages)
            record("consult.lawyer.registered", actor=acting_user, obj=profile, org=org,
                   changes={"licence_number": [None, licence_number], "specialties": [None, specialties],
                            "languages": [None, languages]})
    except IntegrityError:
        if LawyerProfile.objects.filter(user=user).exists():
            raise InvalidInput(_("This person is already on the roster."), field="user") from None
        raise licence_number_taken() from None
    return profile


def set_availability(profile: LawyerProfile, *, is_available: bool, acting_user) -> LawyerProfile:
    """A lawyer switches whether they accept new questions (the desk's one-button switch; the
    profile page sets it with the rest, roster.update_profile). Their queue stays theirs."""
    if profile.user_id != getattr(acting_user, "pk", None):
        raise NotFound()
    with transaction.atomic():
        profile = LawyerProfile.objects.select_for_update().get(pk=profile.pk)
        if profile.is_available != is_available:
            record("consult.lawyer.availability", actor=acting_user, obj=profile, org=profile.org,
                   changes={"is_available": [profile.is_available, is_available]})
            profile.is_available = is_available
            profile.save(update_fields=["is_available", "updated_at"])
    return profile


def route(topic: str, *, asker=None) -> tuple:
    """(lawyer, org) for a new question from `asker` on `topic`, local first.

    The rule, as a county bureau expects it:

    1. Candidates are the routable lawyers (accepting new questions, not suspended by the
       bureau, active account and firm; selectors.available_lawyers) taking the topic, or all
       routable lawyers when none takes it.
    2. They are tiered by where their firm is against where the asker lives
       (selectors.locality_of: the county-level and city-level organisations above the asker's
       home organisation): firms in the asker's county subtree first, then in the same city,
       then anywhere.
    3. Within a tier the lawyer with the fewest open questions wins, ties to the earlier
       roster entry (lowest id), so a less busy lawyer in another county never beats a lawyer
       in the asker's own county.
    4. With no candidate the question goes, unassigned, to the legal aid centre of the
       asker's county, else of their city, else the first active centre
       (selectors.nearest_legal_aid_centre); LawyerUnavailable when there is none at all.

    An asker without a home organisation (no citizen or enterprise membership) has every firm
    in the same tier: the least-loaded lawyer anywhere, else the first legal aid centre."""
    locality = selectors.locality_of(asker)
    lawyers = sorted(selectors.available_lawyers(topic), key=lambda lawyer: locality.tier(lawyer.org))
    if lawyers:
        return lawyers[0], lawyers[0].org
    centre = selectors.nearest_legal_aid_centre(locality)
    if centre is None:
        raise errors.LawyerUnavailable(_("No lawyer is available at the moment. Please try again later."))
    return None, centre


def post_question(*, acting_user, topic: str, title: str, body: str, files=()) -> LawyerQuestion:
    """Post a question to a lawyer with optional attachments, routed by topic (route).

    Guarantees: title and body are checked first (specific messages, nothing written); the
    question, its attachments (files.services.store_upload, owner = the question) and the audit
    entry commit together; the assigned lawyer is told after commit."""
    if acting_user is None or not acting_user.is_authenticated:
        raise errors.SignInRequired()
    if topic not in Topic.values:
        raise InvalidInput(_("Choose what your question is about."), field="topic")
    title = _text(title, field="title", limit=MAX_TITLE)
    body = _text(body, field="body", limit=MAX_BODY)
    with transaction.atomic():
        lawyer, org = route(topic, asker=acting_user)
        question = LawyerQuestion.objects.create(owner=acting_user, org=org, lawyer=lawyer, topic=topic,
                                                 title=title, body=body)
        stored = [store_upload(upload, org=org, acting_user=acting_user, owner=question) for upload in files]
        record("consult.question.posted", actor=acting_user, obj=question, org=org,
               changes={"topic": [None, topic], "lawyer": [None, lawyer.pk if lawyer else None],
                        "attachments": [None, [item.pk for item in stored]]})
        if lawyer is not None:
            notify(lawyer.user, title=_("New consultation question: %(title)s") % {"title": title[:60]},
                   body=body[:200], kind="consult.question.assigned", link=question.get_absolute_url(), org=org)
    return question


def reply(question: LawyerQuestion, *, acting_user, body: str, files=()) -> Reply:
    """Add to a question's thread: the assigned lawyer answers, the asker follows up.

    After escalation an unassigned question is taken by the first lawyer of the centre who
    answers. The first lawyer's reply sets first_answered_at and the status "answered"."""
    body = _text(body, field="body", limit=MAX_BODY, empty_message=gettext_lazy("Please write your reply."))
    with transaction.atomic():
        question = LawyerQuestion.objects.select_for_update().get(pk=question.pk)
        if not can(acting_user, "consult.question.reply", question):
            raise NotFound()
        if question.status == QuestionStatus.CLOSED:
            raise errors.QuestionClosed()
        is_owner = question.owner_id == acting_user.pk
        changes = {}
        if not is_owner:
            profile = selectors.lawyer_profile(acting_user)
            if question.lawyer_id is None and profile is not None and profile.org_id == question.org_id:
                question.lawyer = profile
                changes["lawyer"] = [None, profile.pk]
            if profile is None or question.lawyer_id != profile.pk:
                raise errors.NotAssignedLawyer()
        now = clock.now()
        post = Reply.objects.create(question=question, author=acting_user, is_lawyer=not is_owner, body=body,
                                    created_at=now)
        for upload in files:
            store_upload(upload, org=question.org, acting_user=acting_user, owner=question)
        if not is_owner and question.first_answered_at is None:
            changes["status"] = [question.status, QuestionStatus.ANSWERED]
            question.first_answered_at = now
            question.status = QuestionStatus.ANSWERED
        question.save(update_fields=["lawyer", "first_answered_at", "status", "updated_at"])
        record("consult.question.replied", actor=acting_user, obj=question, org=question.org,
               changes={"reply": [None, post.pk], **changes})
        recipient = question.lawyer.user if is_owner and question.lawyer else (None if is_owner else question.owner)
        if recipient is not None:
            notify(recipient, title=_("New reply: %(title)s") % {"title": question.title[:60]}, body=body[:200],
                   kind="consult.question.replied", link=question.get_absolute_url(), org=question.org)
    return post


def withdraw_question(question: LawyerQuestion, *, acting_user, reason: str = "") -> LawyerQuestion:
    """The asker withdraws (撤回) a question that is not closed: it is closed unrated, the
    lawyer handling it (if any) is told, and nothing more is routed or escalated. Only the
    asker (NotFound for anyone else); a reason is optional, at most 200 characters. The thread
    and its attachments stay on record."""
    reason = (reason or "").strip()
    if len(reason) > 200:
        raise errors.TextTooLong(field="reason", limit=200)
    with transaction.atomic():
        question = LawyerQuestion.objects.select_for_update(of=("self",)).select_related("lawyer__user").get(
            pk=question.pk)
        if not can(acting_user, "consult.question.withdraw", question):
            raise NotFound()
        if question.status == QuestionStatus.CLOSED:
            raise errors.QuestionClosed()
        record("consult.question.withdrawn", actor=acting_user, obj=question, org=question.org, reason=reason,
               changes={"status": [question.status, QuestionStatus.CLOSED]})
        question.status = QuestionStatus.CLOSED
        question.save(update_fields=["status", "updated_at"])
        if question.lawyer is not None:
            notify(question.lawyer.user, title=_("Question withdrawn: %(title)s") % {"title": question.title[:60]},
                   body=reason, kind="consult.question.withdrawn", link=question.get_absolute_url(), org=question.org)
    return question


def rate_question(question: LawyerQuestion, *, acting_user, stars: int, comment: str = "") -> LawyerQuestion:
    """The asker rates the lawyer's answer from 1 to 5 stars, once; this closes the question."""
    if not isinstance(stars, int) or isinstance(stars, bool) or not 1 <= stars <= 5:
        raise errors.InvalidRating(field="rating")
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise errors.TextTooLong(field="comment", limit=500)
    with transaction.atomic():
        question = LawyerQuestion.objects.select_for_update().get(pk=question.pk)
        if not can(acting_user, "consult.question.rate", question):
            raise NotFound()
        if question.rating is not None:
            raise errors.AlreadyRated()
        if question.first_answered_at is None:
            raise errors.NothingToRate()
        record("consult.question.rated", actor=acting_user, obj=question, org=question.org,
               changes={"rating": [None, stars], "status": [question.status, QuestionStatus.CLOSED]})
        question.rating, question.rating_comment, question.status = stars, comment, QuestionStatus.CLOSED
        question.save(update_fields=["rating", "rating_comment", "status", "updated_at"])
    return question


def book_slot(slot: ConsultationSlot, *, acting_user, mode: str, subject: str = "",
              question: LawyerQuestion | None = None) -> Booking:
    """Book one of a lawyer's offered times for an audio or video call: from the roster, with a
    few words on what it is about, or from the asker's question page (`question`: the time must
    be offered by the lawyer handling it). The meeting link comes from the conferencing service
    (conferencing.get_provider); without one the lawyer calls.

    Guarantees: signed-in people only; the call type, the subject, the time (not begun, still
    free), the lawyer (not suspended) and the booker (no other upcoming call with this lawyer)
    are checked, each refusal with its own message and nothing written. A lock on the slot row
    and the one-booking-per-slot constraint stop a double booking. A lawyer who is not accepting
    new written questions can still be booked in the times they offered."""
    if acting_user is None or not acting_user.is_authenticated:
        raise errors.SignInRequired(_("Please sign in to book a call, so that the lawyer can reach you."))
    if mode not in BookingMode.values:
        raise InvalidInput(_("Choose an audio or a video call."), field="mode")
    subject = (subject or "").strip()
    if question is None and not subject:
        raise errors.EmptyText(_("Please say in a few words what the call is about."), field="subject")
    if len(subject) > MAX_SUBJECT:
        raise errors.TextTooLong(field="subject", limit=MAX_SUBJECT)
    with transaction.atomic():
        slot = (ConsultationSlot.objects.select_for_update(of=("self",)).select_related("lawyer__user", "lawyer__org")
                .filter(pk=slot.pk).first())
        if slot is None:
            raise NotFound()
        lawyer = slot.lawyer
        if question is not None:
            question = LawyerQuestion.objects.select_for_update().get(pk=question.pk)
            if question.owner_id != acting_user.pk:
                raise NotFound()
            if question.status == QuestionStatus.CLOSED:
                raise errors.QuestionClosed()
            if question.lawyer_id != lawyer.pk:
                raise InvalidInput(_("Choose a time offered by the lawyer handling your question."), field="slot")
        if lawyer.user_id == acting_user.pk:
            raise InvalidInput(_("You cannot book your own consultation time."), field="slot")
        if lawyer.is_suspended or not lawyer.user.is_active or not lawyer.org.is_active:
            raise errors.LawyerUnavailable(field="slot")
        now = clock.now()
        if slot.starts_at <= now:
            raise errors.SlotPassed(field="slot")
        if slot.bookings.filter(status=BookingStatus.BOOKED).exists():
            raise errors.SlotTaken(field="slot")
        upcoming = (Booking.objects.filter(owner=acting_user, lawyer=lawyer, status=BookingStatus.BOOKED,
                                           starts_at__gt=now).order_by("starts_at").first())
        if upcoming is not None:
            raise errors.AlreadyBookedWithLawyer(field="slot", when=local_time(upcoming.starts_at))
        booking = Booking.objects.create(owner=acting_user, question=question, lawyer=lawyer, slot=slot,
                                         starts_at=slot.starts_at, minutes=slot.minutes, mode=mode, subject=subject)
        booking.meeting_url = get_provider().meeting_url(booking)
        booking.save(update_fields=["meeting_url"])
        record("consult.booking.created", actor=acting_user, obj=booking, org=lawyer.org,
               changes={"slot": [None, slot.pk], "question": [None, question.pk if question else None],
                        "starts_at": [None, slot.starts_at.isoformat()], "mode": [None, mode]})
        about = question.title if question is not None else subject
        notify(lawyer.user, title=_("Call booked: %(title)s") % {"title": about[:60]},
               body=f"{local_time(slot.starts_at)} · {BookingMode(mode).label}",
               kind="consult.booking.created",
               link=question.get_absolute_url() if question is not None else reverse("consult:lawyer-desk"),
               org=lawyer.org)
    return booking


def reoffer_cutoff() -> dt.timedelta:
    """How long before its start a time freed by the citizen's cancellation is still offered
    again (settings.CONSULT_REOFFER_CUTOFF_HOURS, 2 by default). Not a statutory period but a
    service rule: someone booking a time freed at the last minute would meet a lawyer who had
    no chance to read what the call is about, and the lawyer, told of the cancellation, may
    have given the time to other work; they can offer it again themselves (roster.add_slot)."""
    return dt.timedelta(hours=float(getattr(settings, "CONSULT_REOFFER_CUTOFF_HOURS", 2)))


def is_offered_again(booking: Booking, *, by_lawyer: bool, now: dt.datetime) -> bool:
    """Whether cancelling `booking` now puts its time back on the roster (cancel_booking)."""
    return not by_lawyer and booking.slot_id is not None and booking.starts_at - now >= reoffer_cutoff()


def cancel_booking(booking: Booking, *, acting_user, reason: str = "") -> Booking:
    """Call off a booked call before it begins: the citizen who booked it (a reason is
    optional) or its lawyer (a reason is required: the citizen loses the time they chose and
    is told why). The other party is told in their inbox; the meeting link is cleared.

    What happens to the time: cancelled by the citizen at least reoffer_cutoff() before the
    start, it is free again and back on the roster; cancelled later, or by the lawyer (who has
    said they cannot keep it), it is withdrawn, deleted as roster.remove_slot does (the booking
    keeps its own starts_at and minutes, so the record stands).

    Guarantees: only the two parties, anyone else gets NotFound: other citizens, other lawyers,
    and the bureau, which sees calls on the question pages but does not act in them for
    people. Refused with its own message and nothing written when already cancelled
    (AlreadyCancelled), when the call has begun (CallStarted) or when the lawyer gives no
    reason or one over 200 characters. The booking, the slot, one audit entry and the
    notification commit together; the booking row is locked, so a second cancellation waits
    and is then refused."""
    with transaction.atomic():
        booking = (Booking.objects.select_for_update(of=("self",))
                   .select_related("lawyer__user", "lawyer__org", "owner", "question").filter(pk=booking.pk).first())
        user_id = acting_user.pk if acting_user is not None and acting_user.is_authenticated else None
        if booking is None or user_id is None or user_id not in (booking.owner_id, booking.lawyer.user_id):
            raise NotFound()
        by_lawyer = user_id == booking.lawyer.user_id
        if booking.status == BookingStatus.CANCELLED:
            raise errors.AlreadyCancelled(when=local_time(booking.cancelled_at))
        now = clock.now()
        if booking.starts_at <= now:
            message = _("This call began at %(when)s and can no longer be cancelled. If it did not take place, "
                        "contact the citizen.") if by_lawyer else None
            raise errors.CallStarted(message, when=local_time(booking.starts_at))
        reason = (reason or "").strip()
        if by_lawyer and not reason:
            raise errors.EmptyText(_("Please tell the citizen why you cancel: they lose the time they booked."),
                                   field="reason")
        if len(reason) > MAX_REASON:
            raise errors.TextTooLong(field="reason", limit=MAX_REASON)
        slot = ConsultationSlot.objects.select_for_update().filter(pk=booking.slot_id).first()
        offered_again = is_offered_again(booking, by_lawyer=by_lawyer, now=now)
        changes = {"status": [BookingStatus.BOOKED, BookingStatus.CANCELLED],
                   "cancelled_by": [None, "lawyer" if by_lawyer else "citizen"]}
        if slot is not None:
            changes["slot"] = [{"id": slot.pk, "state": "booked"},
                               {"id": slot.pk, "state": "free" if offered_again else "withdrawn"}]
        booking.status, booking.cancelled_at, booking.cancelled_by = BookingStatus.CANCELLED, now, acting_user
        booking.cancellation_reason, booking.meeting_url = reason, ""
        if slot is not None and not offered_again:
            booking.slot = None
            slot.delete()
        booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_reason", "meeting_url",
                                    "slot", "updated_at"])
        record("consult.booking.cancelled", actor=acting_user, obj=booking, org=booking.lawyer.org, reason=reason,
               changes=changes)
        _notify_cancellation(booking, by_lawyer=by_lawyer, offered_again=offered_again)
    return booking


def _notify_cancellation(booking: Booking, *, by_lawyer: bool, offered_again: bool) -> None:
    when = local_time(booking.starts_at)
    if by_lawyer:
        body = "\n".join([_("The lawyer's reason: %(reason)s") % {"reason": booking.cancellation_reason},
                          _("You can book another time on the roster, or ask in writing.")])
        notify(booking.owner, title=_("%(lawyer)s cancelled your call on %(when)s") % {
            "lawyer": booking.lawyer, "when": when}, body=body, kind="consult.booking.cancelled",
            link=booking.question.get_absolute_url() if booking.question else reverse("consult:my-questions"),
            org=booking.lawyer.org)
        return
    lines = [_("Reason: %(reason)s") % {"reason": booking.cancellation_reason}] if booking.cancellation_reason else []
    lines.append(_("The time is free again on the roster.") if offered_again else
                 _("The time is no longer offered, as the call was close; offer it again on your roster entry if "
                   "you wish."))
    notify(booking.lawyer.user, title=_("%(name)s cancelled the call on %(when)s") % {
        "name": booking.owner.display_name, "when": when}, body="\n".join(lines), kind="consult.booking.cancelled",
        link=booking.question.get_absolute_url() if booking.question else reverse("consult:lawyer-desk"),
        org=booking.lawyer.org)


# --- overdue questions ----------------------------------------------------------------------

def warn_after() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "CONSULT_WARN_AFTER_HOURS", 5)))


def escalate_after() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "CONSULT_ESCALATE_AFTER_HOURS", 24)))


def warn_unanswered(question_id: int) -> bool:
    """Remind the lawyer of a question unanswered for CONSULT_WARN_AFTER_HOURS. Once only:
    returns False (and changes nothing) when already warned, answered or not yet due."""
    with transaction.atomic():
        question = LawyerQuestion.objects.select_for_update(of=("self",)).select_related("lawyer__user").get(pk=question_id)
        now = clock.now()
        if (question.warned_at is not None or question.first_answered_at is not None
                or question.status != QuestionStatus.OPEN or now - question.created_at < warn_after()):
            return False
        question.warned_at = now
        question.save(update_fields=["warned_at", "updated_at"])
        record("consult.question.warned", obj=question, org=question.org, changes={"warned_at": [None, now.isoformat()]})
        if question.lawyer is not None:
            notify(question.lawyer.user, title=_("Unanswered for %(hours)s hours: %(title)s") % {
                "hours": f"{warn_after().total_seconds() / 3600:g}", "title": question.title[:60]},
                body=question.body[:200], kind="consult.question.overdue", link=question.get_absolute_url(),
                org=question.org)
    return True


def escalate_unanswered(question_id: int) -> bool:
    """Pass a question unanswered for CONSULT_ESCALATE_AFTER_HOURS to the legal aid centre
    (法律援助中心) of the asker's county, else of their city, else the one nearest the
    organisation handling it (selectors.nearest_legal_aid_centre; for an asker without a home
    organisation, that last one), to its available lawyer with the fewest open questions or
    to the centre's queue. Once only."""
    with transaction.atomic():
        question = (LawyerQuestion.objects.select_for_update(of=("self",)).select_related("org", "owner")
                    .get(pk=question_id))
        now = clock.now()
        if (question.escalated_at is not None or question.first_answered_at is not None
                or question.status != QuestionStatus.OPEN or now - question.created_at < escalate_after()):
            return False
        centre = selectors.nearest_legal_aid_centre(selectors.locality_of(question.owner), handling=question.org)
        if centre is None:
            return False
        lawyers = selectors.available_lawyers(question.topic, org=centre)
        lawyer = lawyers[0] if lawyers else None
        record("consult.question.escalated", obj=question, org=centre,
               changes={"org": [question.org_id, centre.pk], "lawyer": [question.lawyer_id, lawyer.pk if lawyer else None]})
        question.org, question.lawyer, question.escalated_at = centre, lawyer, now
        question.save(update_fields=["org", "lawyer", "escalated_at", "updated_at"])
        recipients = [lawyer.user] if lawyer else [profile.user for profile in centre.lawyers.select_related("user")]
        for recipient in recipients:
            notify(recipient, title=_("Escalated consultation: %(title)s") % {"title": question.title[:60]},
                   body=question.body[:200], kind="consult.question.escalated", link=question.get_absolute_url(),
                   org=centre)
        notify(question.owner, title=_("Your question has been passed to the legal aid centre"),
               body=question.title, kind="consult.question.escalated", link=question.get_absolute_url(), org=centre)
    return True
