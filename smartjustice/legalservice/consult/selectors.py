"""Reads of legal consultation, scoped to the reader (STYLE §3). `access_*` raise NotFound for
a missing object and for one outside the reader's scope alike."""
import dataclasses
import datetime as dt
from collections import defaultdict
from statistics import median

from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet

from smartjustice.core import clock
from smartjustice.core.errors import NotFound
from smartjustice.orgs.choices import PUBLIC_ROLES, Kind, Level, Role
from smartjustice.orgs.models import Membership, Organisation
from smartjustice.orgs.permissions import can
from smartjustice.orgs.selectors import organisations_for_user, scope_q

from .choices import LAWYER_ORG_KINDS, Availability, BookingStatus, QuestionStatus
from .models import Booking, ConsultationSlot, Conversation, LawyerProfile, LawyerQuestion

# The session remembers the conversations an anonymous visitor started (and keeps them across
# sign-in, which keeps session data), so a follow-up needs no account.
SESSION_KEY = "consult_conversations"


def session_conversation_ids(session) -> list[int]:
    return [int(pk) for pk in (session.get(SESSION_KEY, []) if session is not None else [])]


def access_conversation(user, session, conversation_id) -> Conversation:
    """The conversation if `user` owns it, or if it has no owner and this session started it."""
    conversation = (Conversation.objects.filter(pk=conversation_id).select_related("lawyer_question").first()
                    if str(conversation_id).isdigit() else None)
    if conversation is None:
        raise NotFound()
    if conversation.owner_id is not None:
        if user is not None and user.is_authenticated and conversation.owner_id == user.pk:
            return conversation
        raise NotFound()
    if conversation.pk in session_conversation_ids(session):
        return conversation
    raise NotFound()


def messages_of(conversation: Conversation):
    return conversation.messages.order_by("created_at", "pk")


def conversation_context(conversation: Conversation, *, turns: int = 2) -> str:
    """The last citizen questions of the conversation, for searching a follow-up."""
    texts = list(conversation.messages.filter(speaker="citizen").order_by("-created_at", "-pk")
                 .values_list("text", flat=True)[:turns])
    return " ".join(reversed(texts))


def questions_for_user(user) -> QuerySet[LawyerQuestion]:
    """Questions the user may read: their own, and those of organisations they handle or oversee."""
    return (LawyerQuestion.objects.filter(scope_q(user, "consult.question.view", owner_field="owner"))
            .select_related("lawyer__user", "org", "owner"))


def access_question(user, question_id, action: str = "consult.question.view") -> LawyerQuestion:
    question = (LawyerQuestion.objects.select_related("lawyer__user", "org", "owner").filter(pk=question_id).first()
                if str(question_id).isdigit() else None)
    if question is None or not can(user, "consult.question.view", question) or not can(user, action, question):
        raise NotFound()
    return question


def own_questions(user) -> QuerySet[LawyerQuestion]:
    if not user.is_authenticated:
        return LawyerQuestion.objects.none()
    return LawyerQuestion.objects.filter(owner=user).select_related("lawyer__user", "org")


def lawyer_profile(user) -> LawyerProfile | None:
    if user is None or not user.is_authenticated:
        return None
    return LawyerProfile.objects.filter(user=user).select_related("org").first()


def access_own_profile(user, lawyer_id) -> LawyerProfile:
    """The roster entry `lawyer_id` if it is the user's own; NotFound otherwise (another
    lawyer's entry looks missing)."""
    profile = lawyer_profile(user)
    if profile is None or str(profile.pk) != str(lawyer_id):
        raise NotFound()
    return profile


def lawyer_queue(user) -> QuerySet[LawyerQuestion]:
    """Open questions assigned to the lawyer, and unassigned ones at their organisation
    (after escalation to a legal aid centre), oldest first."""
    profile = lawyer_profile(user)
    if profile is None:
        return LawyerQuestion.objects.none()
    return (questions_for_user(user).filter(status=QuestionStatus.OPEN)
            .filter(Q(lawyer=profile) | Q(lawyer__isnull=True, org=profile.org)).order_by("created_at"))


def lawyer_history(user) -> QuerySet[LawyerQuestion]:
    profile = lawyer_profile(user)
    if profile is None:
        return LawyerQuestion.objects.none()
    return questions_for_user(user).filter(lawyer=profile).exclude(status=QuestionStatus.OPEN).order_by("-updated_at")


def free_slots() -> QuerySet[ConsultationSlot]:
    """Offered call times not yet begun and not booked, of lawyers on the public roster."""
    return (ConsultationSlot.objects
            .filter(starts_at__gt=clock.now(), lawyer__is_suspended=False, lawyer__user__is_active=True,
                    lawyer__org__is_active=True)
            .exclude(bookings__status=BookingStatus.BOOKED).order_by("starts_at", "pk"))


def roster(*, specialty: str = "", language: str = "", availability: str = "") -> list[LawyerProfile]:
    """The public lawyer roster (律师名录): active lawyers of active organisations, not suspended
    by the bureau, with firm, licence number, specialties, languages, bio, whether they take
    questions, and their free call times (`free_slots`, soonest first). Filters: a topic they
    take, a language they speak, and availability (choices.Availability: taking questions now,
    or having a free call time).

    Two queries whatever the roster's size. Specialties and languages are JSON lists filtered
    here rather than in SQL (SQLite has no JSON "contains"); a county's roster is small."""
    lawyers = (LawyerProfile.objects.filter(user__is_active=True, org__is_active=True, is_suspended=False)
               .select_related("user", "org").order_by("org__name", "user__real_name", "pk"))
    if availability == Availability.QUESTIONS:
        lawyers = lawyers.filter(is_available=True)
    lawyers = [lawyer for lawyer in lawyers
               if (not specialty or specialty in (lawyer.specialties or []))
               and (not language or language in (lawyer.languages or []))]
    slots = defaultdict(list)
    for slot in free_slots().filter(lawyer__in=[lawyer.pk for lawyer in lawyers]):
        slots[slot.lawyer_id].append(slot)
    for lawyer in lawyers:
        lawyer.free_slots = slots[lawyer.pk]
    if availability == Availability.CALLS:
        lawyers = [lawyer for lawyer in lawyers if lawyer.free_slots]
    return lawyers


def public_slot(slot_id) -> ConsultationSlot:
    """A call time of a lawyer on the public roster, booked or not (the booking page says which);
    NotFound for a missing one or one of a suspended lawyer."""
    slot = (ConsultationSlot.objects.filter(pk=slot_id, lawyer__is_suspended=False, lawyer__user__is_active=True,
                                            lawyer__org__is_active=True)
            .select_related("lawyer__user", "lawyer__org").first() if str(slot_id).isdigit() else None)
    if slot is None:
        raise NotFound()
    slot.is_free = slot.starts_at > clock.now() and not slot.bookings.filter(status=BookingStatus.BOOKED).exists()
    return slot


def lawyer_slots(profile: LawyerProfile) -> list[ConsultationSlot]:
    """The lawyer's times not yet begun, each with `booking` (the booked call in it, or None)."""
    slots = list(profile.slots.filter(starts_at__gt=clock.now()).order_by("starts_at", "pk")
                 .prefetch_related(Prefetch("bookings", to_attr="booked", queryset=Booking.objects.filter(
                     status=BookingStatus.BOOKED).select_related("owner", "question"))))
    for slot in slots:
        slot.booking = slot.booked[0] if slot.booked else None
    return slots


def access_own_slot(user, slot_id) -> ConsultationSlot:
    """One of the user's own call times; NotFound for a missing one or another lawyer's."""
    slot = (ConsultationSlot.objects.filter(pk=slot_id, lawyer__user_id=getattr(user, "pk", None))
            .select_related("lawyer").first() if str(slot_id).isdigit() else None)
    if slot is None:
        raise NotFound()
    return slot


def lawyer_calls(profile: LawyerProfile) -> QuerySet[Booking]:
    """The lawyer's booked calls from an hour ago on, soonest first (the desk's "calls" list)."""
    return (Booking.objects.filter(lawyer=profile, status=BookingStatus.BOOKED,
                                   starts_at__gt=clock.now() - dt.timedelta(hours=1))
            .select_related("owner", "question").order_by("starts_at", "pk"))


def lawyer_cancelled_calls(profile: LawyerProfile) -> QuerySet[Booking]:
    """The lawyer's cancelled calls whose time is still ahead, soonest first: the desk shows
    them so the lawyer sees who called off what, and why."""
    return (Booking.objects.filter(lawyer=profile, status=BookingStatus.CANCELLED, starts_at__gt=clock.now())
            .select_related("owner", "question").order_by("starts_at", "pk"))


def access_booking(user, booking_id) -> Booking:
    """A call the user booked or is the lawyer of; NotFound for a missing one and for anyone
    else's (the bureau included: it reads calls on the question pages, it does not act in them)."""
    booking = (Booking.objects.select_related("lawyer__user", "lawyer__org", "owner", "question")
               .filter(pk=booking_id).first() if str(booking_id).isdigit() else None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    if booking is None or user_id is None or user_id not in (booking.owner_id, booking.lawyer.user_id):
        raise NotFound()
    return booking


def own_bookings(user) -> QuerySet[Booking]:
    """Calls the user booked, latest first."""
    if user is None or not user.is_authenticated:
        return Booking.objects.none()
    return (Booking.objects.filter(owner=user).select_related("lawyer__user", "lawyer__org", "question")
            .order_by("-starts_at", "-pk"))


def managed_lawyers(user) -> QuerySet[LawyerProfile]:
    """Lawyers of the organisations the user oversees ("consult.statistics": the bureau's
    supervisors and administrators, over the firms and centres below it)."""
    return LawyerProfile.objects.filter(scope_q(user, "consult.statistics"))


def manageable_lawyer_ids(user) -> set[int]:
    """Lawyers the user may take off routing and put back ("consult.roster.manage")."""
    return set(LawyerProfile.objects.filter(scope_q(user, "consult.roster.manage")).values_list("pk", flat=True))


def access_managed_lawyer(user, lawyer_id) -> LawyerProfile:
    lawyer = (managed_lawyers(user).select_related("user", "org").filter(pk=lawyer_id).first()
              if str(lawyer_id).isdigit() else None)
    if lawyer is None:
        raise NotFound()
    return lawyer


def correctable_lawyer_ids(user) -> set[int]:
    """Lawyers whose entry (licence number, firm) the user may correct: those of organisations
    whose members the user manages ("org.manage_members", as for registering)."""
    return set(LawyerProfile.objects.filter(scope_q(user, "org.manage_members")).values_list("pk", flat=True))


def access_correctable_lawyer(user, lawyer_id) -> LawyerProfile:
    lawyer = (LawyerProfile.objects.filter(scope_q(user, "org.manage_members")).select_related("user", "org")
              .filter(pk=lawyer_id).first() if str(lawyer_id).isdigit() else None)
    if lawyer is None:
        raise NotFound()
    return lawyer


def registering_orgs(user) -> QuerySet[Organisation]:
    """The law firms and legal aid centres at which the user may register lawyers: those whose
    members they manage (the firm's administrators, and administrators of the bureaus above)."""
    return (organisations_for_user(user, "org.manage_members").filter(kind__in=LAWYER_ORG_KINDS)
            .order_by("name", "pk"))


def registrable_memberships(user) -> QuerySet[Membership]:
    """Who the user may put on the roster: active lawyer memberships, with active accounts, at
    the organisations of registering_orgs, of people not on the roster yet; by firm, then name."""
    return (Membership.objects.filter(org__in=registering_orgs(user), role=Role.LAWYER, is_active=True,
                                      user__is_active=True, user__lawyer_profile__isnull=True)
            .select_related("user", "org").order_by("org__name", "org_id", "user__real_name", "pk"))


def move_destinations(user, profile: LawyerProfile) -> QuerySet[Organisation]:
    """Where the user may move the lawyer's entry: law firms and legal aid centres whose members
    the user manages and where the lawyer holds an active lawyer role (the current one included)."""
    held = Membership.objects.filter(user_id=profile.user_id, role=Role.LAWYER, is_active=True).values("org_id")
    return registering_orgs(user).filter(pk__in=held)


def bureau_roster(user) -> list[LawyerProfile]:
    """The bureau's roster: every lawyer it oversees, suspended ones included, each with
    `open_questions` (assigned, waiting for a first answer), `answered`, `average_rating` and
    `median_response_hours` (first answer minus asking, over the lawyer's answered questions;
    the median, because one forgotten question would drag an average). Two queries."""
    lawyers = list(managed_lawyers(user).select_related("user", "org")
                   .annotate(open_questions=Count("questions", filter=Q(questions__status=QuestionStatus.OPEN)),
                             average_rating=Avg("questions__rating"))
                   .order_by("org__name", "user__real_name", "pk"))
    hours = defaultdict(list)
    answered = (LawyerQuestion.objects.filter(lawyer__in=[lawyer.pk for lawyer in lawyers],
                                              first_answered_at__isnull=False)
                .values_list("lawyer_id", "created_at", "first_answered_at"))
    for lawyer_id, created, first in answered:
        hours[lawyer_id].append((first - created).total_seconds() / 3600)
    for lawyer in lawyers:
        lawyer.answered = len(hours[lawyer.pk])
        lawyer.median_response_hours = round(median(hours[lawyer.pk]), 1) if hours[lawyer.pk] else None
        lawyer.average_rating = round(float(lawyer.average_rating), 2) if lawyer.average_rating is not None else None
    return lawyers


def replies_of(question: LawyerQuestion):
    return question.replies.select_related("author").order_by("created_at", "pk")


def available_lawyers(topic: str, *, org: Organisation | None = None) -> list[LawyerProfile]:
    """Routable lawyers (accepting new questions and not suspended by the bureau) taking
    `topic` (when none takes it: those who take any topic, or everyone of `org` when given — a
    legal aid centre's lawyers take what is escalated to it), fewest open questions first;
    limited to `org` when given. A lawyer registered without topics gets no question routed
    in general."""
    lawyers = LawyerProfile.objects.filter(is_available=True, is_suspended=False, user__is_active=True,
                                           org__is_active=True)
    if org is not None:
        lawyers = lawyers.filter(org=org)
    lawyers = lawyers.annotate(open_count=Count("questions", filter=Q(questions__status=QuestionStatus.OPEN)))
    ordered = list(lawyers.order_by("open_count", "pk").select_related("org", "user"))
    specialised = [lawyer for lawyer in ordered if topic in (lawyer.specialties or [])]
    if specialised or org is not None:
        return specialised or ordered
    return [lawyer for lawyer in ordered if lawyer.specialties]


@dataclasses.dataclass(frozen=True)
class Locality:
    """Where a citizen lives, as routing reads it: the paths of the county-level and city-level
    organisations above their home organisation ("" where the tree has none)."""

    county_path: str = ""
    city_path: str = ""

    def tier(self, org: Organisation) -> int:
        """0 for an organisation in the citizen's county subtree, 1 in their city, 2 elsewhere
        (2 for everything when the citizen has no home organisation)."""
        if self.county_path and org.path.startswith(self.county_path):
            return 0
        if self.city_path and org.path.startswith(self.city_path):
            return 1
        return 2


def home_org(user) -> Organisation | None:
    """The organisation a person registered with (accounts.services.register_citizen: the
    citizen's or enterprise's membership at their county bureau; the earliest active one of a
    public role), None for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    membership = (Membership.objects.filter(user=user, role__in=PUBLIC_ROLES, is_active=True, org__is_active=True)
                  .select_related("org").order_by("created_at", "pk").first())
    return membership.org if membership else None


def locality_of(user) -> Locality:
    """The citizen's county and city (Locality) from their home organisation: the topmost
    county-level organisation on its path (a county bureau, not a firm or centre under it), and
    the topmost city-level one. Empty for a person without a home organisation."""
    home = home_org(user)
    if home is None:
        return Locality()
    chain = list(Organisation.objects.filter(pk__in=[*home.ancestor_ids(), home.pk]).only("pk", "level", "path"))
    chain.sort(key=lambda org: len(org.path))

    def topmost(level):
        return next((org.path for org in chain if org.level == level), "")

    return Locality(county_path=topmost(Level.COUNTY), city_path=topmost(Level.CITY))


def nearest_legal_aid_centre(locality: Locality, *, handling: Organisation | None = None) -> Organisation | None:
    """The active legal aid centre (法律援助中心) for a citizen: the first (by id) in their county,
    else in their city; else the one closest to `handling` (legal_aid_centre_for) when given,
    else the first of all. Without a home organisation this is the handling organisation's
    nearest centre, or the first one, as before local routing."""
    centres = list(Organisation.objects.filter(kind=Kind.LEGAL_AID_CENTRE, is_active=True).order_by("pk"))
    local = [centre for centre in centres if locality.tier(centre) < 2]
    if local:
        return min(local, key=locality.tier)
    if handling is not None:
        return legal_aid_centre_for(handling)
    return centres[0] if centres else None


def legal_aid_centre_for(org: Organisation) -> Organisation | None:
    """The active legal aid centre (法律援助中心) closest to `org` in the tree: the one sharing
    the longest path prefix with it."""
    centres = list(Organisation.objects.filter(kind=Kind.LEGAL_AID_CENTRE, is_active=True).order_by("pk"))

    def shared(centre):
        length = 0
        for mine, theirs in zip(org.path, centre.path, strict=False):
            if mine != theirs:
                break
            length += 1
        return length

    return max(centres, key=shared) if centres else None


@dataclasses.dataclass
class Statistics:
    total: int
    by_status: dict
    by_topic: dict
    escalated: int
    answered: int
    average_response_hours: float | None
    average_rating: float | None
    rated: int


def statistics_for_user(user) -> Statistics:
    """Volumes, first-response time and ratings of the questions handled by organisations the
    user oversees ("consult.statistics")."""
    questions = LawyerQuestion.objects.filter(scope_q(user, "consult.statistics"))
    by_status = dict(questions.values_list("status").annotate(n=Count("pk")).order_by())
    by_topic = dict(questions.values_list("topic").annotate(n=Count("pk")).order_by())
    answered = questions.filter(first_answered_at__isnull=False)
    durations = [(first - created).total_seconds() / 3600
                 for created, first in answered.values_list("created_at", "first_answered_at")]
    rating = questions.filter(rating__isnull=False).aggregate(average=Avg(F("rating")), n=Count("pk"))
    return Statistics(
        total=questions.count(), by_status=by_status, by_topic=by_topic,
        escalated=questions.filter(escalated_at__isnull=False).count(), answered=len(durations),
        average_response_hours=round(sum(durations) / len(durations), 1) if durations else None,
        average_rating=round(float(rating["average"]), 2) if rating["average"] is not None else None,
        rated=rating["n"],
    )
