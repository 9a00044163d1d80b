"""Forms of the consultation pages (AccessibleFormMixin: labels, hints, errors read aloud)."""
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from smartjustice.statutes.search.query import MAX_QUERY_LENGTH
from smartjustice.web.forms import AccessibleFormMixin

from . import services
from .choices import Availability, BookingMode, Language, Topic


class AskForm(AccessibleFormMixin, forms.Form):
    # Length is checked by the service (statutes validate_query), which gives the specific message;
    # an empty box gets the same words as the service's (the statutes catalogue translates them).
    q = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 3}),
                        error_messages={"required": _("Please type a question.")},
                        help_text=format_lazy(_("In your own words, e.g. 公司拖欠工资怎么办 (at most {limit} characters)."),
                                              limit=MAX_QUERY_LENGTH))


class RateForm(forms.Form):
    helpful = forms.TypedChoiceField(choices=[("yes", "yes"), ("no", "no")], coerce=lambda value: value == "yes")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class QuestionForm(AccessibleFormMixin, forms.Form):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Topic.choices)
    title = forms.CharField(label=_("Title"), max_length=100, error_messages={"required": _("Please write your question.")})
    body = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": _("Please write your question.")})
    files = MultipleFileField(label=_("Attachments"), required=False,
                              help_text=_("Photos or PDF of contracts, notices, receipts."))


class ReplyForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": _("Please write your reply.")})


class QuestionRatingForm(AccessibleFormMixin, forms.Form):
    rating = forms.TypedChoiceField(label=_("How helpful was the lawyer?"), coerce=int,
                                    choices=[(n, "★" * n) for n in range(5, 0, -1)])
    comment = forms.CharField(label=_("Comment (optional)"), required=False)


class WithdrawForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=200)


class SlotChoiceForm(AccessibleFormMixin, forms.Form):
    """Book a call on the question page: one of the handling lawyer's free times."""

    slot = forms.TypedChoiceField(label=_("Time"), coerce=int,
                                  error_messages={"required": _("Choose one of the lawyer's free times."),
                                                  "invalid_choice": _("Choose one of the lawyer's free times.")})
    mode = forms.ChoiceField(label=_("Call type"), choices=BookingMode.choices)

    def __init__(self, *args, slots=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.pk, slot_label(slot)) for slot in slots]


class SlotBookingForm(AccessibleFormMixin, forms.Form):
    """Book a lawyer's free time from the roster."""

    mode = forms.ChoiceField(label=_("Call type"), choices=BookingMode.choices)
    # The same words as the service's (services.book_slot), which also checks the length.
    subject = forms.CharField(label=_("What is the call about?"),
                              error_messages={"required": _("Please say in a few words what the call is about.")},
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("A few words, e.g. 工资被拖欠三个月 (at most 200 characters)."))


def slot_label(slot) -> str:
    return f"{services.local_time(slot.starts_at)}–{services.local_time(slot.ends_at, '%H:%M')}"


class LawyerProfileForm(AccessibleFormMixin, forms.Form):
    """The lawyer's own roster entry. At least one topic and one language are the service's
    to insist on (roster.update_profile), so its message is the one shown."""

    specialties = forms.MultipleChoiceField(label=_("Topics I take"), choices=Topic.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("New questions on these topics are routed to you."))
    languages = forms.MultipleChoiceField(label=_("Languages I consult in"), choices=Language.choices,
                                          required=False, widget=forms.CheckboxSelectMultiple)
    bio = forms.CharField(label=_("About me"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                          help_text=_("Shown on the public roster (at most 500 characters)."))
    is_available = forms.BooleanField(label=_("Accepting new questions"), required=False,
                                      help_text=_("Off: no new questions are routed to you; you still answer "
                                                  "your queue and your offered times stay bookable."))


class SlotForm(AccessibleFormMixin, forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"required": _("Choose the date and time the call starts."),
                        "invalid": _("Enter the date and time like 2026-03-05 14:30.")})
    minutes = forms.TypedChoiceField(label=_("Length"), coerce=int, initial=30,
                                     choices=[(15, _("15 minutes")), (30, _("30 minutes")), (60, _("60 minutes"))],
                                     error_messages={"invalid_choice": _("A call lasts 15, 30 or 60 minutes.")})


class RosterFilterForm(AccessibleFormMixin, forms.Form):
    """The citizen roster's filters (GET)."""

    specialty = forms.ChoiceField(label=_("Topic"), required=False,
                                  choices=[("", _("Any topic")), *Topic.choices],
                                  error_messages={"invalid_choice": _("Choose a topic from the list.")})
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("Any language")), *Language.choices],
                                 error_messages={"invalid_choice": _("Choose a language from the list.")})
    availability = forms.ChoiceField(label=_("Availability"), required=False,
                                     choices=[("", _("Anyone")), *Availability.choices],
                                     error_messages={"invalid_choice": _("Choose an availability from the list.")})


class SuspensionForm(AccessibleFormMixin, forms.Form):
    # Emptiness and length are the service's to check (roster.suspend_lawyer).
    reason = forms.CharField(label=_("Reason"), required=False)


class CancellationForm(AccessibleFormMixin, forms.Form):
    """Cancel a booked call: a reason is optional for the citizen, required for the lawyer. Its
    length is the service's to check (services.cancel_booking), so its message is the one shown."""

    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, by_lawyer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.help_text = _("At most 200 characters.")
        if by_lawyer:
            # The same words as the service's (services.cancel_booking).
            field.required = True
            field.error_messages["required"] = _("Please tell the citizen why you cancel: they lose the time they "
                                                 "booked.")
            field.label = _("Reason (the citizen sees it)")
        else:
            field.label = _("Reason (the lawyer sees it)")


class AvailabilityForm(forms.Form):
    is_available = forms.TypedChoiceField(choices=[("on", "on"), ("off", "off")], coerce=lambda value: value == "on")


class LicenceNumberInput(forms.TextInput):
    def __init__(self):
        super().__init__(attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": 17,
                                "pattern": "[0-9]{17}", "spellcheck": "false"})


# The same words as the service's (services.clean_licence_number), which also checks the digits.
LICENCE_REQUIRED = _("A lawyer's licence number has 17 digits.")


class LawyerRegistrationForm(AccessibleFormMixin, forms.Form):
    """Put a lawyer on the roster: one of the firms' lawyers not on it yet (grouped by firm), the
    licence number, topics and languages. The rules are the service's (services.register_lawyer),
    so its messages are the ones shown; the person's and the firm's refusals land on the choice."""

    domain_field_map = {"user": "membership", "org": "membership"}

    membership = forms.TypedChoiceField(
        label=_("Lawyer"), coerce=int,
        help_text=_("Members of your firms who hold the lawyer role and are not on the roster yet."),
        error_messages={"required": _("Choose the lawyer to register."),
                        "invalid_choice": _("Choose a lawyer from the list.")})
    licence_number = forms.CharField(label=_("Licence number"), widget=LicenceNumberInput(),
                                     help_text=_("17 digits, as on the lawyer's practising certificate."),
                                     error_messages={"required": LICENCE_REQUIRED})
    specialties = forms.MultipleChoiceField(label=_("Topics the lawyer takes"), choices=Topic.choices, required=False,
                                            widget=forms.CheckboxSelectMultiple,
                                            help_text=_("New questions on these topics are routed to the lawyer. The lawyer can "
                                                        "change them on their own entry."))
    languages = forms.MultipleChoiceField(label=_("Languages the lawyer consults in"), choices=Language.choices,
                                          required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, memberships=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups: dict = {}
        for membership in memberships:
            groups.setdefault(membership.org.name, []).append((membership.pk, str(membership.user.display_name)))
        self.fields["membership"].choices = [("", _("Choose…")), *groups.items()]


class EntryCorrectionForm(AccessibleFormMixin, forms.Form):
    """Correct a roster entry's licence number and/or firm (roster.correct_entry), with a reason."""

    licence_number = forms.CharField(label=_("Licence number"), widget=LicenceNumberInput(),
                                     help_text=_("17 digits, as on the lawyer's practising certificate."),
                                     error_messages={"required": LICENCE_REQUIRED})
    org = forms.TypedChoiceField(
        label=_("Practises at"), coerce=int,
        help_text=_("Firms and legal aid centres where the lawyer holds the lawyer role and whose members you "
                    "manage. Questions still in the lawyer's hands move with them."),
        error_messages={"required": _("Choose where the lawyer practises."),
                        "invalid_choice": _("Choose where the lawyer practises from the list.")})
    # The same words as the service's (roster.correct_entry), which also checks the length.
    reason = forms.CharField(label=_("Reason for the correction (the lawyer sees it)"),
                             widget=forms.Textarea(attrs={"rows": 3, "maxlength": 200}),
                             help_text=_("At most 200 characters."),
                             error_messages={"required": _("Please give the reason for the correction.")})

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(org.pk, org.name) for org in organisations]
