"""/api/v1/consult/: smart consultation and questions to lawyers (issue #3 §3–4).

POST ask                               {"question", "conversation"?} → the answer (anonymous allowed;
                                       an anonymous follow-up works within the same session)
POST messages/<id>/rating              {"helpful": true|false}
POST conversations/<id>/escalate       {"topic"?, "title"?, "body"?} → the question to a lawyer
GET  questions                         the user's own questions, or a lawyer's queue (?queue=1)
GET  questions/<id>                    the question and its thread
POST questions/<id>/replies            {"body"}
POST questions/<id>/rating             {"rating": 1–5, "comment"?}
POST questions/<id>/bookings           {"slot", "mode"}: a call in a free time of the question's lawyer
GET  statistics                        volumes, response time, ratings (bureau)
GET  lawyers                           the public roster (?specialty, ?language, ?availability) with free times
GET  lawyers/<id>/profile              the lawyer's own entry and call times (that lawyer only)
PATCH lawyers/<id>/profile             {"specialties"?, "languages"?, "bio"?, "accepting_questions"?}
POST lawyers/<id>/slots                {"starts_at", "minutes"}: offer a time for calls
DELETE slots/<id>                      withdraw a free time (its lawyer only)
POST slots/<id>/bookings               {"mode", "subject"}: book a free time from the roster
GET  bookings/<id>                     a booked call (its citizen and its lawyer only)
POST bookings/<id>/cancellation        {"reason"}: call it off before it begins; the reason is optional for
                                       the citizen, required for the lawyer; 409 once cancelled or begun
GET  roster                            the bureau's lawyers with waiting questions, rating, median response
POST lawyers/<id>/suspension           {"reason"}: take off routing (bureau supervisors)
DELETE lawyers/<id>/suspension         put back on routing
POST lawyers/<id>/correction           {"licence_number"?, "org"?, "reason"}: correct the entry's licence number
                                       and/or move the lawyer to another firm (organisation id) where they hold
                                       the lawyer role (those who manage the firm's members, as for registering)
Errors use the shared shape {"error": {"code", "message", "fields"}}; another organisation's
question is a 404, like a missing one.
"""
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from smartjustice.core.errors import InvalidInput, NotFound
from smartjustice.orgs.permissions import can

from . import answering, roster, selectors, services
from .choices import Availability, BookingStatus, Language, Topic
from .models import Message


def answer_json(message: Message) -> dict:
    return {
        "conversation": message.conversation_id,
        "message": message.pk,
        "citations": [{key: item[key] for key in ("citation", "law_title", "version", "label", "url", "is_current")}
                      | {"passages": item["passages"], "repealed": item.get("repealed")} for item in message.citations],
        "confidence": message.confidence,
        "low_confidence": message.is_low_confidence,
        "next_step": answering.next_step_text(message.next_step),
        "offers": [{"key": key, "label": str(answering.OFFERS[key].label), "url": answering.offer_link(key) or None}
                   for key in message.offers],
        "draft": message.draft or None,
        "rating": message.rating,
    }


def question_json(question, *, with_thread: bool = False, viewer=None) -> dict:
    data = {
        "id": question.pk, "title": question.title, "topic": question.topic, "status": question.status,
        "org": question.org_id, "lawyer": question.lawyer_id, "created_at": question.created_at.isoformat(),
        "first_answered_at": question.first_answered_at.isoformat() if question.first_answered_at else None,
        "escalated": question.escalated_at is not None, "rating": question.rating,
    }
    if with_thread:
        data["body"] = question.body
        data["replies"] = [{"id": post.pk, "by_lawyer": post.is_lawyer, "body": post.body,
                            "created_at": post.created_at.isoformat()} for post in selectors.replies_of(question)]
        # Only the call's two parties get its link; the bureau and the lawyer's colleagues see the call.
        viewer_id = getattr(viewer, "pk", None)
        data["bookings"] = [{"id": b.pk, "starts_at": b.starts_at.isoformat(), "mode": b.mode, "minutes": b.minutes,
                             "status": b.status, "cancelled_by": cancelled_by(b),
                             "cancellation_reason": b.cancellation_reason or None,
                             "meeting_url": (b.meeting_url or None) if viewer_id in (b.owner_id, b.lawyer.user_id)
                             else None}
                            for b in question.bookings.select_related("lawyer").order_by("starts_at")]
    return data


class AskSerializer(serializers.Serializer):
    question = serializers.CharField(allow_blank=True, trim_whitespace=False)
    conversation = serializers.IntegerField(required=False)


class AskView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=AskSerializer, responses={201: OpenApiTypes.OBJECT}, operation_id="consult_ask")
    def post(self, request):
        data = _valid(AskSerializer, request)
        conversation = None
        if "conversation" in data:
            conversation = selectors.access_conversation(request.user, request.session, data["conversation"])
        reply = services.ask(data["question"], user=request.user, session=request.session, conversation=conversation)
        return Response(answer_json(reply), status=201)


class RateSerializer(serializers.Serializer):
    helpful = serializers.BooleanField()


class RateAnswerView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(request=RateSerializer, responses={200: OpenApiTypes.OBJECT}, operation_id="consult_rate_answer")
    def post(self, request, message_id):
        data = _valid(RateSerializer, request)
        message = Message.objects.filter(pk=message_id, speaker="assistant").first()
        if message is None:
            raise NotFound()
        selectors.access_conversation(request.user, request.session, message.conversation_id)
        message = services.rate_answer(message, helpful=data["helpful"], acting_user=request.user)
        return Response({"message": message.pk, "rating": message.rating})


class EscalateSerializer(serializers.Serializer):
    topic = serializers.CharField(required=False)
    title = serializers.CharField(required=False, allow_blank=True)
    body = serializers.CharField(required=False, allow_blank=True)


class EscalateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=EscalateSerializer, responses={201: OpenApiTypes.OBJECT}, operation_id="consult_escalate")
    def post(self, request, conversation_id):
        data = _valid(EscalateSerializer, request)
        conversation = selectors.access_conversation(request.user, request.session, conversation_id)
        question = services.escalate_conversation(conversation, acting_user=request.user, topic=data.get("topic"),
                                                  title=data.get("title", ""), body=data.get("body", ""))
        return Response(question_json(question, with_thread=True), status=201)


class QuestionListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="consult_questions")
    def get(self, request):
        if request.query_params.get("queue"):
            questions = selectors.lawyer_queue(request.user)
        else:
            questions = selectors.own_questions(request.user)
        return Response({"results": [question_json(q) for q in questions]})


class QuestionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="consult_question")
    def get(self, request, question_id):
        return Response(question_json(selectors.access_question(request.user, question_id), with_thread=True,
                                      viewer=request.user))


class ReplySerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ReplyView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=ReplySerializer, responses={201: OpenApiTypes.OBJECT}, operation_id="consult_reply")
    def post(self, request, question_id):
        data = _valid(ReplySerializer, request)
        question = selectors.access_question(request.user, question_id)
        post = services.reply(question, acting_user=request.user, body=data["body"])
        return Response({"id": post.pk, "by_lawyer": post.is_lawyer, "body": post.body}, status=201)


class QuestionRatingSerializer(serializers.Serializer):
    rating = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True)


class QuestionRatingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=QuestionRatingSerializer, responses={200: OpenApiTypes.OBJECT},
                   operation_id="consult_rate_question")
    def post(self, request, question_id):
        data = _valid(QuestionRatingSerializer, request)
        question = selectors.access_question(request.user, question_id)
        question = services.rate_question(question, acting_user=request.user, stars=data["rating"],
                                          comment=data.get("comment", ""))
        return Response(question_json(question))


class WithdrawalSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class WithdrawalView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=WithdrawalSerializer, responses={200: OpenApiTypes.OBJECT},
                   operation_id="consult_withdraw_question")
    def post(self, request, question_id):
        data = _valid(WithdrawalSerializer, request)
        question = selectors.access_question(request.user, question_id)
        question = services.withdraw_question(question, acting_user=request.user, reason=data.get("reason", ""))
        return Response(question_json(question))


class BookingSerializer(serializers.Serializer):
    slot = serializers.IntegerField()
    mode = serializers.CharField()


class BookingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=BookingSerializer, responses={201: OpenApiTypes.OBJECT}, operation_id="consult_book")
    def post(self, request, question_id):
        data = _valid(BookingSerializer, request)
        question = selectors.access_question(request.user, question_id)
        slot = selectors.public_slot(data["slot"])
        booking = services.book_slot(slot, acting_user=request.user, mode=data["mode"], question=question)
        return Response(booking_json(booking), status=201)


class StatisticsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="consult_statistics")
    def get(self, request):
        if not can(request.user, "consult.statistics"):
            raise NotFound()
        stats = selectors.statistics_for_user(request.user)
        return Response(vars(stats))


def lawyer_json(lawyer) -> dict:
    return {"id": lawyer.pk, "name": str(lawyer), "firm": lawyer.org.name, "licence_number": lawyer.licence_number,
            "specialties": lawyer.specialties, "languages": lawyer.languages, "bio": lawyer.bio,
            "accepting_questions": lawyer.is_available}


def slot_json(slot) -> dict:
    return {"id": slot.pk, "starts_at": slot.starts_at.isoformat(), "minutes": slot.minutes}


def cancelled_by(booking) -> str | None:
    if booking.status != BookingStatus.CANCELLED:
        return None
    return "lawyer" if booking.is_cancelled_by_lawyer else "citizen"


def booking_json(booking) -> dict:
    return {"id": booking.pk, "lawyer": booking.lawyer_id, "slot": booking.slot_id,
            "question": booking.question_id, "starts_at": booking.starts_at.isoformat(), "mode": booking.mode,
            "minutes": booking.minutes, "subject": booking.subject, "meeting_url": booking.meeting_url or None,
            "status": booking.status,
            "cancelled_at": booking.cancelled_at.isoformat() if booking.cancelled_at else None,
            "cancelled_by": cancelled_by(booking), "cancellation_reason": booking.cancellation_reason or None}


def profile_json(profile) -> dict:
    return {**lawyer_json(profile), "suspended": profile.is_suspended,
            "suspension_reason": profile.suspension_reason or None,
            "slots": [{**slot_json(slot), "booked": slot.booking is not None}
                      for slot in selectors.lawyer_slots(profile)]}


class RosterFilterSerializer(serializers.Serializer):
    specialty = serializers.ChoiceField(choices=Topic.choices, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    availability = serializers.ChoiceField(choices=Availability.choices, required=False)


class RosterView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(parameters=[RosterFilterSerializer], responses={200: OpenApiTypes.OBJECT},
                   operation_id="consult_lawyers")
    def get(self, request):
        serializer = RosterFilterSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        lawyers = selectors.roster(**serializer.validated_data)
        return Response({"results": [{**lawyer_json(lawyer), "free_slots": [slot_json(s) for s in lawyer.free_slots]}
                                     for lawyer in lawyers]})


class ProfileSerializer(serializers.Serializer):
    specialties = serializers.ListField(child=serializers.CharField(), required=False)
    languages = serializers.ListField(child=serializers.CharField(), required=False)
    bio = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    accepting_questions = serializers.BooleanField(required=False)


class ProfileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="consult_lawyer_profile")
    def get(self, request, lawyer_id):
        return Response(profile_json(selectors.access_own_profile(request.user, lawyer_id)))

    @extend_schema(request=ProfileSerializer, responses={200: OpenApiTypes.OBJECT},
                   operation_id="consult_update_lawyer_profile")
    def patch(self, request, lawyer_id):
        profile = selectors.access_own_profile(request.user, lawyer_id)
        data = _valid(ProfileSerializer, request)
        profile = roster.update_profile(
            profile, acting_user=request.user, specialties=data.get("specialties", profile.specialties),
            languages=data.get("languages", profile.languages), bio=data.get("bio", profile.bio),
            is_available=data.get("accepting_questions", profile.is_available))
        return Response(profile_json(profile))


class SlotSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    minutes = serializers.IntegerField()


class SlotListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=SlotSerializer, responses={201: OpenApiTypes.OBJECT}, operation_id="consult_add_slot")
    def post(self, request, lawyer_id):
        profile = selectors.access_own_profile(request.user, lawyer_id)
        data = _valid(SlotSerializer, request)
        slot = roster.add_slot(profile, acting_user=request.user, starts_at=data["starts_at"], minutes=data["minutes"])
        return Response(slot_json(slot), status=201)


class SlotView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None}, operation_id="consult_remove_slot")
    def delete(self, request, slot_id):
        roster.remove_slot(selectors.access_own_slot(request.user, slot_id), acting_user=request.user)
        return Response(status=204)


class SlotBookingSerializer(serializers.Serializer):
    mode = serializers.CharField()
    subject = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class SlotBookingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=SlotBookingSerializer, responses={201: OpenApiTypes.OBJECT},
                   operation_id="consult_book_slot")
    def post(self, request, slot_id):
        data = _valid(SlotBookingSerializer, request)
        booking = services.book_slot(selectors.public_slot(slot_id), acting_user=request.user, mode=data["mode"],
                                     subject=data.get("subject", ""))
        return Response(booking_json(booking), status=201)


class BookingDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="consult_booking")
    def get(self, request, booking_id):
        return Response(booking_json(selectors.access_booking(request.user, booking_id)))


class CancellationSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class BookingCancellationView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CancellationSerializer, responses={200: OpenApiTypes.OBJECT},
                   operation_id="consult_cancel_booking")
    def post(self, request, booking_id):
        booking = selectors.access_booking(request.user, booking_id)
        data = _valid(CancellationSerializer, request)
        booking = services.cancel_booking(booking, acting_user=request.user, reason=data.get("reason", ""))
        return Response(booking_json(booking))


class BureauRosterView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="consult_bureau_roster")
    def get(self, request):
        if not can(request.user, "consult.statistics"):
            raise NotFound()
        return Response({"results": [
            {**lawyer_json(lawyer), "suspended": lawyer.is_suspended,
             "suspension_reason": lawyer.suspension_reason or None, "open_questions": lawyer.open_questions,
             "answered": lawyer.answered, "average_rating": lawyer.average_rating,
             "median_response_hours": lawyer.median_response_hours}
            for lawyer in selectors.bureau_roster(request.user)]})


class SuspensionSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, trim_whitespace=False)


class SuspensionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=SuspensionSerializer, responses={200: OpenApiTypes.OBJECT},
                   operation_id="consult_suspend_lawyer")
    def post(self, request, lawyer_id):
        lawyer = selectors.access_managed_lawyer(request.user, lawyer_id)
        data = _valid(SuspensionSerializer, request)
        lawyer = roster.suspend_lawyer(lawyer, acting_user=request.user, reason=data["reason"])
        return Response({**lawyer_json(lawyer), "suspended": True, "suspension_reason": lawyer.suspension_reason})

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="consult_resume_lawyer")
    def delete(self, request, lawyer_id):
        lawyer = roster.resume_lawyer(selectors.access_managed_lawyer(request.user, lawyer_id),
                                      acting_user=request.user)
        return Response({**lawyer_json(lawyer), "suspended": False, "suspension_reason": None})


class CorrectionSerializer(serializers.Serializer):
    licence_number = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    org = serializers.IntegerField(required=False, help_text="The organisation to move the lawyer to.")
    reason = serializers.CharField(allow_blank=True, trim_whitespace=False)


class CorrectionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=CorrectionSerializer, responses={200: OpenApiTypes.OBJECT},
                   operation_id="consult_correct_lawyer_entry")
    def post(self, request, lawyer_id):
        lawyer = selectors.access_correctable_lawyer(request.user, lawyer_id)
        data = _valid(CorrectionSerializer, request)
        org = None
        if data.get("org", lawyer.org_id) != lawyer.org_id:
            org = selectors.registering_orgs(request.user).filter(pk=data["org"]).first()
            if org is None:
                raise InvalidInput(_("Choose a law firm or legal aid centre whose members you manage."), field="org")
        lawyer = roster.correct_entry(lawyer, acting_user=request.user, reason=data["reason"],
                                      licence_number=data.get("licence_number"), org=org)
        return Response({**lawyer_json(lawyer), "org": lawyer.org_id})


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


api_urlpatterns = [
    path("ask", AskView.as_view(), name="ask"),
    path("messages/<int:message_id>/rating", RateAnswerView.as_view(), name="rate-answer"),
    path("conversations/<int:conversation_id>/escalate", EscalateView.as_view(), name="escalate"),
    path("questions", QuestionListView.as_view(), name="questions"),
    path("questions/<int:question_id>", QuestionView.as_view(), name="question"),
    path("questions/<int:question_id>/replies", ReplyView.as_view(), name="replies"),
    path("questions/<int:question_id>/rating", QuestionRatingView.as_view(), name="rate-question"),
    path("questions/<int:question_id>/withdrawal", WithdrawalView.as_view(), name="withdraw-question"),
    path("questions/<int:question_id>/bookings", BookingView.as_view(), name="bookings"),
    path("statistics", StatisticsView.as_view(), name="statistics"),
    path("lawyers", RosterView.as_view(), name="lawyers"),
    path("lawyers/<int:lawyer_id>/profile", ProfileView.as_view(), name="lawyer-profile"),
    path("lawyers/<int:lawyer_id>/slots", SlotListView.as_view(), name="slots"),
    path("lawyers/<int:lawyer_id>/suspension", SuspensionView.as_view(), name="suspension"),
    path("lawyers/<int:lawyer_id>/correction", CorrectionView.as_view(), name="correction"),
    path("slots/<int:slot_id>", SlotView.as_view(), name="slot"),
    path("slots/<int:slot_id>/bookings", SlotBookingView.as_view(), name="slot-bookings"),
    path("bookings/<int:booking_id>", BookingDetailView.as_view(), name="booking"),
    path("bookings/<int:booking_id>/cancellation", BookingCancellationView.as_view(), name="booking-cancellation"),
    path("roster", BureauRosterView.as_view(), name="roster"),
]
