"""Forms of the service end and the governance end. Shapes only; rules live in services."""
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from smartjustice.web.forms import AccessibleFormMixin

from .choices import AssistanceKind, AssistanceOutcome, FalseAlertCause


class CheckInForm(AccessibleFormMixin, forms.Form):
    latitude = forms.FloatField(widget=forms.HiddenInput)
    longitude = forms.FloatField(widget=forms.HiddenInput)
    accuracy_m = forms.FloatField(widget=forms.HiddenInput, required=False)
    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    photo = forms.FileField(label=_("Photo of your face"), help_text=_("Face the camera in good light, alone in the picture."),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "user"}))
    domain_field_map = {"latitude": "photo", "longitude": "photo", "recorded_at": "photo", "client_id": "photo"}

    def clean(self):
        data = super().clean()
        if self.errors.get("latitude") or self.errors.get("longitude"):
            self.errors.pop("latitude", None)
            self.errors.pop("longitude", None)
            raise forms.ValidationError(_("Your location is not available yet. Allow the browser to use your location and wait a moment."))
        return data


class ActivityReportForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(label=_("My report"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Your work, life, whereabouts and anything the office should know."))


class LeaveForm(AccessibleFormMixin, forms.Form):
    destination = forms.CharField(label=_("Destination"), max_length=120)
    starts_on = forms.DateField(label=_("Leaving on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Back on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class LeaveDecisionForm(AccessibleFormMixin, forms.Form):
    approve = forms.TypedChoiceField(choices=[("yes", _("Approve")), ("no", _("Refuse"))], coerce=lambda v: v == "yes")
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class TriageForm(AccessibleFormMixin, forms.Form):
    confirmed = forms.TypedChoiceField(choices=[("yes", _("Confirmed")), ("no", _("False alert"))], coerce=lambda v: v == "yes")
    cause = forms.ChoiceField(label=_("Why false"), choices=[("", "—"), *FalseAlertCause.choices], required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ObjectionForm(AccessibleFormMixin, forms.Form):
    explanation = forms.CharField(label=_("Why I disagree"), widget=forms.Textarea(attrs={"rows": 5}))


class AssistanceForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of help"), choices=AssistanceKind.choices)
    description = forms.CharField(label=_("What help do you need?"), widget=forms.Textarea(attrs={"rows": 4}))


class AssistanceCloseForm(AccessibleFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=AssistanceOutcome.choices)
    note = forms.CharField(label=_("What was done"), max_length=1000)


class ResidenceForm(AccessibleFormMixin, forms.Form):
    new_address = forms.CharField(label=_("New address"), max_length=200)
    destination_county = forms.ModelChoiceField(
        label=_("Moving to another county?"), queryset=None, required=False, empty_label=_("No, within this county"),
        help_text=_("If the new address is in another county, choose it: the supervision moves there "
                    "(《社区矫正法》第二十七条第二款)."))
    moving_on = forms.DateField(label=_("Moving on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, own_county=None, **kwargs):
        super().__init__(*args, **kwargs)
        from smartjustice.orgs.selectors import registration_bureaus

        counties = registration_bureaus()
        self.fields["destination_county"].queryset = counties.exclude(pk=own_county.pk) if own_county else counties


class ReturnReportForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(label=_("Return report"), widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Where you went, what you did, and when you came back."))


class WelfareForm(AccessibleFormMixin, forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=720)
    description = forms.CharField(label=_("Activity"), max_length=200)


class FieldVisitForm(AccessibleFormMixin, forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200)
    people_met = forms.CharField(label=_("People met"), max_length=200, required=False)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))


class SpotCheckResultForm(AccessibleFormMixin, forms.Form):
    passed = forms.TypedChoiceField(choices=[("yes", _("Passed")), ("no", _("Failed"))], coerce=lambda v: v == "yes")
    note = forms.CharField(label=_("Note"), max_length=1000)


class AssessmentReviewForm(AccessibleFormMixin, forms.Form):
    level = forms.CharField(label=_("Level"), required=False, max_length=30)
    note = forms.CharField(label=_("Reason for choosing another level"), required=False, max_length=1000)


class QuestionnaireForm(AccessibleFormMixin, forms.Form):
    """One radio group per question of a questionnaire definition (the data drives the form)."""

    def __init__(self, definition: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in definition["questions"]:
            self.fields[question["id"]] = forms.TypedChoiceField(
                label=question["text"], widget=forms.RadioSelect, coerce=int,
                choices=[(index, option["label"]) for index, option in enumerate(question["options"])],
                error_messages={"required": _("Please answer this question."),
                                "invalid_choice": _("Please answer this question.")})


# Change of execution place (变更执行地, 《社区矫正法》第二十七条第二款) -----------------------------------
# The organisation fields accept any organisation: services.transfers says precisely why a
# choice does not fit (same county, not a judicial office...). The lists offered are narrower.

def _organisations():
    from smartjustice.orgs.models import Organisation

    return Organisation.objects.all()


def _grouped(options, *, empty: str) -> list:
    """Select choices grouped by county: the county institution first, then its offices."""
    choices = [("", empty)]
    for county, offices in options:
        choices.append((county.name, [(county.pk, county.name), *[(office.pk, office.name) for office in offices]]))
    return choices


class ResidenceDecisionForm(AccessibleFormMixin, forms.Form):
    receiving_org = forms.ModelChoiceField(
        label=_("Moving to another county: receiving institution or judicial office"), queryset=_organisations(),
        required=False, help_text=_("Leave empty for a move within this county (or to the county the person named)."))
    note = forms.CharField(label=_("Opinion or reason"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_org"].widget.choices = _grouped(options, empty=str(_("— within this county or as named —")))


class TransferDecisionForm(AccessibleFormMixin, forms.Form):
    receiving_org = forms.ModelChoiceField(
        label=_("Receiving institution or judicial office"), queryset=_organisations(), required=False,
        help_text=_("Leave empty to keep the one the office proposed."))
    note = forms.CharField(label=_("Reason (required to refuse)"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receiving_org"].widget.choices = _grouped(options, empty=str(_("— as proposed —")))


class TransferAcceptForm(AccessibleFormMixin, forms.Form):
    office = forms.ModelChoiceField(label=_("Executing judicial office"), queryset=_organisations(), error_messages={
        "required": _("Choose the judicial office that will execute the correction.")})
    forwarded_to_procuratorate = forms.BooleanField(label=_("Legal documents forwarded to the local procuratorate"),
                                                    required=False)
    forwarded_to_police = forms.BooleanField(label=_("Legal documents forwarded to the local public security organ"),
                                             required=False)
    forwarded_on = forms.DateField(label=_("Forwarded on"), widget=forms.DateInput(attrs={"type": "date"}),
                                   error_messages={"required": _("Enter the day the documents were forwarded.")})
    note = forms.CharField(label=_("Note (e.g. the procuratorate and police forwarded to)"), required=False,
                           max_length=200)
    domain_field_map = {"forwarded": "forwarded_to_procuratorate"}

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].widget.choices = [("", "—"), *[(office.pk, office.name) for office in offices]]
