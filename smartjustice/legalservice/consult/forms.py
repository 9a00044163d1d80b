"""Forms of the consultation pages (AccessibleFormMixin: labels, hints, errors read aloud)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from smartjustice.statutes.search.query import MAX_QUERY_LENGTH
from smartjustice.web.forms import AccessibleFormMixin

from .choices import BookingMode, Topic


class AskForm(AccessibleFormMixin, forms.Form):
    # Length is checked by the service (statutes validate_query), which gives the specific message.
    q = forms.CharField(label=_("Your question"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                        help_text=_("In your own words, e.g. 公司拖欠工资怎么办 (at most %(limit)d characters).")
                        % {"limit": MAX_QUERY_LENGTH})


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
    title = forms.CharField(label=_("Title"), required=False)
    body = forms.CharField(label=_("Your question"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("Attachments"), required=False,
                              help_text=_("Photos or PDF of contracts, notices, receipts."))


class ReplyForm(AccessibleFormMixin, forms.Form):
    body = forms.CharField(label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


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
