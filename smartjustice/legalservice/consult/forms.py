"""Forms of the consultation pages (AccessibleFormMixin: labels, hints, errors read aloud)."""
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from smartjustice.statutes.search.query import MAX_QUERY_LENGTH
from smartjustice.web.forms import AccessibleFormMixin

from .choices import BookingMode, Topic


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


class BookingForm(AccessibleFormMixin, forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    mode = forms.ChoiceField(label=_("Call type"), choices=BookingMode.choices)
    minutes = forms.TypedChoiceField(label=_("Length"), coerce=int, initial=30,
                                     choices=[(15, "15"), (30, "30"), (60, "60")])


class AvailabilityForm(forms.Form):
    is_available = forms.TypedChoiceField(choices=[("on", "on"), ("off", "off")], coerce=lambda value: value == "on")
