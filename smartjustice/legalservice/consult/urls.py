from django.urls import path

from . import views

app_name = "consult"
urlpatterns = [
    path("", views.ask, name="ask"),
    path("c/<int:conversation_id>/", views.conversation, name="conversation"),
    path("c/<int:conversation_id>/lawyer/", views.ask_lawyer, name="escalate"),
    path("m/<int:message_id>/rate", views.rate, name="rate"),
    path("lawyer/ask/", views.ask_lawyer, name="ask-lawyer"),
    path("lawyer/", views.lawyer_desk, name="lawyer-desk"),
    path("lawyer/profile/", views.lawyer_profile, name="lawyer-profile"),
    path("lawyer/slots/<int:slot_id>/remove", views.remove_slot, name="remove-slot"),
    path("lawyers/", views.lawyers, name="lawyers"),
    path("slots/<int:slot_id>/book/", views.book_slot, name="book-slot"),
    path("calls/<int:booking_id>/cancel/", views.cancel_booking, name="cancel-booking"),
    path("roster/", views.bureau_roster, name="roster"),
    path("roster/register/", views.register_lawyer, name="register-lawyer"),
    path("roster/<int:lawyer_id>/correct/", views.correct_lawyer, name="correct-lawyer"),
    path("roster/<int:lawyer_id>/suspend", views.suspend_lawyer, name="suspend-lawyer"),
    path("roster/<int:lawyer_id>/resume", views.resume_lawyer, name="resume-lawyer"),
    path("questions/", views.my_questions, name="my-questions"),
    path("questions/<int:question_id>/", views.question, name="question"),
    path("statistics/", views.statistics, name="statistics"),
]
