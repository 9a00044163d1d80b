"""/api/v1/consult/: smart consultation and questions to lawyers (issue #3 §3–4).

POST ask                               {"question", "conversation"?} → the answer (anonymous allowed;
                                       an anonymous follow-up works within the same session)
POST messages/<id>/rating              {"helpful": true|false}
POST conversations/<id>/escalate       {"topic"?, "title"?, "body"?} → the question to a lawyer
GET  questions                         the user's own questions, or a lawyer's queue (?queue=1)
GET  questions/<id>                    the question and its thread
POST questions/<id>/replies            {"body"}
POST questions/<id>/rating             {"rating": 1–5, "comment"?}
POST questions/<id>/bookings           {"starts_at", "mode", "minutes"?}
GET  statistics                        volumes, response time, ratings (bureau)
Errors use the shared shape {"error": {"code", "message", "fields"}}; another organisation's
question is a 404, like a missing one.
"""
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from smartjustice.core.errors import NotFound
from smartjustice.orgs.permissions import can

from . import answering, selectors, services
from .models import Message


def answer_json(message: Message) -> dict:
    return {
        "conversation": message.conversation_id,
        "message": message.pk,
        "citations": [{key: item[key] for key in ("citation", "law_title", "version", "label", "url", "is_current")}
                      | {"passages": item["passages"]} for item in message.citations],
        "confidence": message.confidence,
        "low_confidence": message.is_low_confidence,
        "next_step": answering.next_step_text(message.next_step),
        "offers": [{"key": key, "label": str(answering.OFFERS[key].label), "url": answering.offer_link(key) or None}
                   for key in message.offers],
        "draft": message.draft or None,
        "rating": message.rating,
    }


def question_json(question, *, with_thread: bool = False) -> dict:
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
        data["bookings"] = [{"id": b.pk, "starts_at": b.starts_at.isoformat(), "mode": b.mode, "minutes": b.minutes,
                             "meeting_url": b.meeting_url or None} for b in question.bookings.order_by("starts_at")]
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
        return Response(question_json(selectors.access_question(request.user, question_id), with_thread=True))


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


class BookingSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    mode = serializers.CharField()
    minutes = serializers.IntegerField(required=False, default=30)


class BookingView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=BookingSerializer, responses={201: OpenApiTypes.OBJECT}, operation_id="consult_book")
    def post(self, request, question_id):
        data = _valid(BookingSerializer, request)
        question = selectors.access_question(request.user, question_id)
        booking = services.book_call(question, acting_user=request.user, starts_at=data["starts_at"],
                                     mode=data["mode"], minutes=data["minutes"])
        return Response({"id": booking.pk, "starts_at": booking.starts_at.isoformat(), "mode": booking.mode,
                         "minutes": booking.minutes, "meeting_url": booking.meeting_url or None}, status=201)


class StatisticsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="consult_statistics")
    def get(self, request):
        if not can(request.user, "consult.statistics"):
            raise NotFound()
        stats = selectors.statistics_for_user(request.user)
        return Response(vars(stats))


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
    path("questions/<int:question_id>/bookings", BookingView.as_view(), name="bookings"),
    path("statistics", StatisticsView.as_view(), name="statistics"),
]
