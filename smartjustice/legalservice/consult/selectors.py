"""Reads of legal consultation, scoped to the reader (STYLE §3). `access_*` raise NotFound for
a missing object and for one outside the reader's scope alike."""
import dataclasses

from django.db.models import Avg, Count, F, Q, QuerySet

from smartjustice.core.errors import NotFound
from smartjustice.orgs.choices import Kind
from smartjustice.orgs.models import Organisation
from smartjustice.orgs.permissions import can
from smartjustice.orgs.selectors import scope_q

from .choices import QuestionStatus
from .models import Conversation, LawyerProfile, LawyerQuestion

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


def roster():
    """The public lawyer roster (律师名录): active lawyers of active organisations, with their
    firm, licence number, specialties, languages and availability."""
    return (LawyerProfile.objects.filter(user__is_active=True, org__is_active=True)
            .select_related("user", "org").order_by("org__name", "user__real_name", "pk"))


def replies_of(question: LawyerQuestion):
    return question.replies.select_related("author").order_by("created_at", "pk")


def available_lawyers(topic: str, *, org: Organisation | None = None) -> list[LawyerProfile]:
    """Available lawyers taking `topic` (all available ones when none takes it), fewest open
    questions first; limited to `org` when given."""
    lawyers = LawyerProfile.objects.filter(is_available=True, user__is_active=True, org__is_active=True)
    if org is not None:
        lawyers = lawyers.filter(org=org)
    lawyers = lawyers.annotate(open_count=Count("questions", filter=Q(questions__status=QuestionStatus.OPEN)))
    ordered = list(lawyers.order_by("open_count", "pk").select_related("org", "user"))
    specialised = [lawyer for lawyer in ordered if topic in (lawyer.specialties or [])]
    return specialised or ordered


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
