"""Pages of legal consultation. Thin: forms check shape, selectors fetch (404 when out of
scope), services act. Smart consultation is open to anonymous visitors; everything with a
lawyer needs an account."""
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from smartjustice.core import clock
from smartjustice.core.errors import DomainError, NotFound
from smartjustice.files.models import StoredFile
from smartjustice.orgs.permissions import can

from . import answering, roster, selectors, services
from .choices import Language, Speaker, Topic
from .forms import (
    AskForm,
    AvailabilityForm,
    CancellationForm,
    EntryCorrectionForm,
    LawyerProfileForm,
    LawyerRegistrationForm,
    QuestionForm,
    QuestionRatingForm,
    RateForm,
    ReplyForm,
    RosterFilterForm,
    SlotBookingForm,
    SlotChoiceForm,
    SlotForm,
    SuspensionForm,
    WithdrawForm,
    slot_label,
)
from .models import Message


def not_found_as_404(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404() from None

    return wrapped


def _turns(conversation):
    """(question, answer) pairs with the answer's next step and offers resolved for display."""
    turns, question = [], None
    for message in selectors.messages_of(conversation):
        if message.speaker == Speaker.CITIZEN:
            question = message
            continue
        message.next_step_text = answering.next_step_text(message.next_step)
        message.offer_links = [(key, answering.OFFERS[key].label, answering.offer_link(key))
                                for key in message.offers if key in answering.OFFERS]
        turns.append((question, message))
    return turns


def ask(request):
    """/consult/: the question box; a question starts a conversation."""
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reply = services.ask(form.cleaned_data["q"], user=request.user, session=request.session)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect(reply.conversation)
    return render(request, "consult/ask.html", {"form": form}, status=400 if form.errors else 200)


@not_found_as_404
def conversation(request, conversation_id: int):
    """/consult/c/<id>/: the conversation, answers with cited articles, a follow-up box."""
    current = selectors.access_conversation(request.user, request.session, conversation_id)
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ask(form.cleaned_data["q"], user=request.user, session=request.session, conversation=current)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect(current)
    return render(request, "consult/conversation.html", {"conversation": current, "turns": _turns(current),
                                                         "form": form}, status=400 if form.errors else 200)


@require_POST
@not_found_as_404
def rate(request, message_id: int):
    """POST /consult/m/<id>/rate: helpful or not."""
    message = Message.objects.filter(pk=message_id).select_related("conversation").first()
    if message is None:
        raise NotFound()
    current = selectors.access_conversation(request.user, request.session, message.conversation_id)
    form = RateForm(request.POST)
    if form.is_valid():
        services.rate_answer(message, helpful=form.cleaned_data["helpful"], acting_user=request.user)
    return redirect(f"{current.get_absolute_url()}#answer-{message.pk}")


@not_found_as_404
def ask_lawyer(request, conversation_id: int | None = None):
    """/consult/lawyer/ask/ (blank) or /consult/c/<id>/lawyer/ (prefilled from the conversation)."""
    source = None
    if conversation_id is not None:
        source = selectors.access_conversation(request.user, request.session, conversation_id)
        if source.lawyer_question_id and can(request.user, "consult.question.view", source.lawyer_question):
            return redirect(source.lawyer_question)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    initial = {}
    if source is not None:
        first = source.messages.filter(speaker=Speaker.CITIZEN).order_by("created_at", "pk").first()
        initial = {"topic": source.topic, "title": first.text[:100] if first else "",
                   "body": services.escalation_text(source)}
    form = QuestionForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if source is not None:
                question = services.escalate_conversation(source, acting_user=request.user, topic=data["topic"],
                                                          title=data["title"], body=data["body"], files=data["files"])
            else:
                question = services.post_question(acting_user=request.user, topic=data["topic"], title=data["title"],
                                                  body=data["body"], files=data["files"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            return redirect(question)
    return render(request, "consult/ask_lawyer.html", {"form": form, "source": source},
                  status=400 if form.errors else 200)


def lawyers(request):
    """/consult/lawyers/: the roster, public like the bureau's printed 律师名录, filtered by
    topic, language and availability (GET), with each lawyer's free call times to book."""
    form = RosterFilterForm(request.GET or None)
    filters = {key: value for key, value in form.cleaned_data.items() if value} if form.is_valid() else {}
    return render(request, "consult/lawyers.html", {
        "lawyers": selectors.roster(**filters), "form": form, "is_filtered": bool(filters),
    }, status=400 if form.errors else 200)


@not_found_as_404
def book_slot(request, slot_id: int):
    """/consult/slots/<id>/book/: book a lawyer's free time for an audio or video call."""
    slot = selectors.public_slot(slot_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = SlotBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.book_slot(slot, acting_user=request.user, mode=form.cleaned_data["mode"],
                                         subject=form.cleaned_data["subject"])
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Call booked with %(lawyer)s: %(time)s.") % {
                "lawyer": booking.lawyer, "time": services.local_time(booking.starts_at)})
            return redirect("consult:my-questions")
    return render(request, "consult/book_slot.html", {"slot": slot, "form": form, "slot_label": slot_label(slot)},
                  status=400 if form.errors else 200)


@login_required
def my_questions(request):
    """/consult/questions/: the citizen's questions to lawyers and the calls they booked."""
    return render(request, "consult/my_questions.html", {"questions": selectors.own_questions(request.user),
                                                         "bookings": selectors.own_bookings(request.user)})


@login_required
@not_found_as_404
def question(request, question_id: int):
    """/consult/questions/<id>/: the thread; reply, rate, book a call."""
    current = selectors.access_question(request.user, question_id)
    action = request.POST.get("action") if request.method == "POST" else None
    reply_form = ReplyForm(request.POST if action == "reply" else None, request.FILES if action == "reply" else None)
    rating_form = QuestionRatingForm(request.POST if action == "rate" else None)
    free_slots = list(selectors.free_slots().filter(lawyer_id=current.lawyer_id)) if current.lawyer_id else []
    booking_form = SlotChoiceForm(request.POST if action == "book" else None, slots=free_slots)
    withdraw_form = WithdrawForm(request.POST if action == "withdraw" else None)
    forms = {"reply": reply_form, "rate": rating_form, "book": booking_form, "withdraw": withdraw_form}
    if action in forms and forms[action].is_valid():
        data = forms[action].cleaned_data
        try:
            if action == "reply":
                services.reply(current, acting_user=request.user, body=data["body"])
            elif action == "rate":
                services.rate_question(current, acting_user=request.user, stars=data["rating"], comment=data["comment"])
            elif action == "withdraw":
                services.withdraw_question(current, acting_user=request.user, reason=data["reason"])
                messages.success(request, _("Your question was withdrawn."))
            else:
                chosen = next(slot for slot in free_slots if slot.pk == data["slot"])
                services.book_slot(chosen, acting_user=request.user, mode=data["mode"], question=current)
        except DomainError as exc:
            forms[action].add_domain_error(exc)
        else:
            return redirect(current)
    is_owner = current.owner_id == request.user.pk
    bookings = list(current.bookings.select_related("lawyer").order_by("starts_at"))
    for booking in bookings:
        # Only the two parties join or cancel; the bureau and the lawyer's colleagues see the call.
        booking.is_party = request.user.pk in (booking.owner_id, booking.lawyer.user_id)
    return render(request, "consult/question.html", {
        "question": current, "replies": selectors.replies_of(current), "is_owner": is_owner,
        "may_reply": can(request.user, "consult.question.reply", current) and current.status != "closed",
        "reply_form": reply_form, "rating_form": rating_form, "booking_form": booking_form, "free_slots": free_slots,
        "withdraw_form": withdraw_form,
        "bookings": bookings,
        "attachments": StoredFile.objects.filter(owner_object_id=current.pk,
                                                 owner_content_type=ContentType.objects.get_for_model(current))
        .order_by("pk"),
    }, status=400 if any(form.errors for form in forms.values()) else 200)


@login_required
def lawyer_desk(request):
    """/consult/lawyer/: the lawyer's queue and history, and the availability switch."""
    profile = selectors.lawyer_profile(request.user)
    if profile is None:
        raise Http404()
    if request.method == "POST":
        form = AvailabilityForm(request.POST)
        if form.is_valid():
            services.set_availability(profile, is_available=form.cleaned_data["is_available"], acting_user=request.user)
        return redirect("consult:lawyer-desk")
    return render(request, "consult/lawyer_desk.html", {
        "profile": profile, "queue": selectors.lawyer_queue(request.user), "calls": selectors.lawyer_calls(profile),
        "cancelled_calls": selectors.lawyer_cancelled_calls(profile),
        "history": selectors.lawyer_history(request.user)[:50]})


@login_required
@not_found_as_404
def cancel_booking(request, booking_id: int):
    """/consult/calls/<id>/cancel/: what cancelling a booked call means, and the confirmation
    (POST, with a reason: optional for the citizen, required for the lawyer). Its citizen and
    its lawyer only; anyone else gets a 404."""
    booking = selectors.access_booking(request.user, booking_id)
    by_lawyer = booking.lawyer.user_id == request.user.pk
    form = CancellationForm(request.POST or None, by_lawyer=by_lawyer)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_booking(booking, acting_user=request.user, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form.add_domain_error(exc)
            refused = exc.http_status
            booking.refresh_from_db()
        else:
            messages.success(request, _("Call cancelled: %(time)s.") % {"time": slot_label(booking)})
            return redirect("consult:lawyer-desk" if by_lawyer else "consult:my-questions")
    return render(request, "consult/cancel_booking.html", {
        "booking": booking, "form": form, "by_lawyer": by_lawyer, "label": slot_label(booking),
        "offered_again": services.is_offered_again(booking, by_lawyer=by_lawyer, now=clock.now()),
        "cutoff_hours": f"{services.reoffer_cutoff().total_seconds() / 3600:g}",
        "back": "consult:lawyer-desk" if by_lawyer else "consult:my-questions",
    }, status=refused or (400 if form.errors else 200))


@login_required
@not_found_as_404
def lawyer_profile(request):
    """/consult/lawyer/profile/: the lawyer's own roster entry (topics, languages, bio, whether
    they accept new questions) and the times they offer for calls. Firm and licence number are
    shown, not edited: they are the bureau's records."""
    profile = selectors.lawyer_profile(request.user)
    if profile is None:
        raise NotFound()
    action = request.POST.get("action") if request.method == "POST" else None
    profile_form = LawyerProfileForm(request.POST if action == "profile" else None, initial={
        "specialties": profile.specialties, "languages": profile.languages, "bio": profile.bio,
        "is_available": profile.is_available})
    slot_form = SlotForm(request.POST if action == "add_slot" else None)
    forms = {"profile": profile_form, "add_slot": slot_form}
    if action in forms and forms[action].is_valid():
        data = forms[action].cleaned_data
        try:
            if action == "profile":
                roster.update_profile(profile, acting_user=request.user, specialties=data["specialties"],
                                      languages=data["languages"], bio=data["bio"], is_available=data["is_available"])
                messages.success(request, _("Your roster entry is saved."))
            else:
                slot = roster.add_slot(profile, acting_user=request.user, starts_at=data["starts_at"],
                                       minutes=data["minutes"])
                messages.success(request, _("Time offered: %(time)s.") % {"time": slot_label(slot)})
        except DomainError as exc:
            forms[action].add_domain_error(exc)
        else:
            return redirect("consult:lawyer-profile")
    return render(request, "consult/lawyer_profile.html", {
        "profile": profile, "profile_form": profile_form, "slot_form": slot_form,
        "slots": selectors.lawyer_slots(profile),
    }, status=400 if any(form.errors for form in forms.values()) else 200)


@require_POST
@login_required
@not_found_as_404
def remove_slot(request, slot_id: int):
    """POST /consult/lawyer/slots/<id>/remove: withdraw one of the lawyer's own free times."""
    slot = selectors.access_own_slot(request.user, slot_id)
    try:
        roster.remove_slot(slot, acting_user=request.user)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Time withdrawn: %(time)s.") % {"time": slot_label(slot)})
    return redirect("consult:lawyer-profile")


@login_required
def statistics(request):
    """/consult/statistics/: volumes, response times, ratings for the bureau."""
    if not can(request.user, "consult.statistics"):
        raise Http404()
    return render(request, "consult/statistics.html", {"stats": selectors.statistics_for_user(request.user),
                                                       "topics": dict(Topic.choices)})


@login_required
def bureau_roster(request):
    """/consult/roster/: the bureau's view of its lawyers — firm, licence, specialties,
    availability, questions waiting, rating, median time to first answer — and, for its
    supervisors, taking a lawyer off routing and back; for those who manage a firm's members,
    links to register its lawyers and to correct their entries."""
    if not can(request.user, "consult.statistics"):
        raise Http404()
    lawyers = selectors.bureau_roster(request.user)
    manageable = selectors.manageable_lawyer_ids(request.user)
    correctable = selectors.correctable_lawyer_ids(request.user)
    for lawyer in lawyers:
        lawyer.may_manage = lawyer.pk in manageable
        lawyer.may_correct = lawyer.pk in correctable
    return render(request, "consult/bureau_roster.html", {
        "lawyers": lawyers, "may_register": selectors.registering_orgs(request.user).exists()})


@login_required
@not_found_as_404
def register_lawyer(request):
    """/consult/roster/register/: put one of the firms' lawyers on the roster (the firms'
    administrators and the bureau's, services.register_lawyer); 404 for anyone else."""
    if not selectors.registering_orgs(request.user).exists():
        raise NotFound()
    memberships = {membership.pk: membership for membership in selectors.registrable_memberships(request.user)}
    form = LawyerRegistrationForm(request.POST or None, memberships=memberships.values(),
                                  initial={"languages": [Language.MANDARIN]})
    if form.submit_to(request, lambda data: services.register_lawyer(
            memberships[data["membership"]].user, org=memberships[data["membership"]].org,
            licence_number=data["licence_number"], specialties=data["specialties"], languages=data["languages"],
            acting_user=request.user)):
        profile = form.service_result
        messages.success(request, _("%(lawyer)s is on the roster at %(org)s.") % {
            "lawyer": profile, "org": profile.org.name})
        return redirect("consult:roster")
    return render(request, "consult/register_lawyer.html", {"form": form, "has_candidates": bool(memberships)},
                  status=400 if form.errors else 200)


@login_required
@not_found_as_404
def correct_lawyer(request, lawyer_id: int):
    """/consult/roster/<id>/correct/: correct the entry's licence number or move the lawyer to
    another firm where they hold the lawyer role (roster.correct_entry), with a reason."""
    lawyer = selectors.access_correctable_lawyer(request.user, lawyer_id)
    # The current firm comes first even if the lawyer has left it: choosing it keeps the firm.
    organisations = {lawyer.org_id: lawyer.org}
    organisations.update((org.pk, org) for org in selectors.move_destinations(request.user, lawyer))
    form = EntryCorrectionForm(request.POST or None, organisations=organisations.values(),
                               initial={"licence_number": lawyer.licence_number, "org": lawyer.org_id})
    if form.submit_to(request, lambda data: roster.correct_entry(
            lawyer, acting_user=request.user, reason=data["reason"], licence_number=data["licence_number"],
            org=None if data["org"] == lawyer.org_id else organisations[data["org"]])):
        messages.success(request, _("The roster entry of %(lawyer)s is corrected.") % {"lawyer": lawyer})
        return redirect("consult:roster")
    return render(request, "consult/correct_lawyer.html", {"form": form, "lawyer": lawyer},
                  status=400 if form.errors else 200)


@require_POST
@login_required
@not_found_as_404
def suspend_lawyer(request, lawyer_id: int):
    """POST /consult/roster/<id>/suspend {reason}: take a lawyer off routing."""
    lawyer = selectors.access_managed_lawyer(request.user, lawyer_id)
    form = SuspensionForm(request.POST)
    form.is_valid()
    try:
        roster.suspend_lawyer(lawyer, acting_user=request.user, reason=form.cleaned_data.get("reason", ""))
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, f"{lawyer}: {exc}")
    else:
        messages.success(request, _("%(lawyer)s is off routing; their waiting questions were passed on.") % {
            "lawyer": lawyer})
    return redirect("consult:roster")


@require_POST
@login_required
@not_found_as_404
def resume_lawyer(request, lawyer_id: int):
    """POST /consult/roster/<id>/resume: put a suspended lawyer back on routing."""
    lawyer = selectors.access_managed_lawyer(request.user, lawyer_id)
    try:
        roster.resume_lawyer(lawyer, acting_user=request.user)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, f"{lawyer}: {exc}")
    else:
        messages.success(request, _("%(lawyer)s is back on routing.") % {"lawyer": lawyer})
    return redirect("consult:roster")
