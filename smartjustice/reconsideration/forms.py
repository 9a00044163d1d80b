"""Forms of the reconsideration pages. They check the shape of input only; every rule of
the law is applied by services.py (status is never a form field)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from smartjustice.orgs.models import Organisation
from smartjustice.web.forms import AccessibleFormMixin

from .choices import ActType, DecisionType, Procedure, SuspensionGround, TerminationGround
from .services import RESPONDENT_KINDS

# ISO values: a browser's date input shows nothing for a localised "2026年2月10日".
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ApplicationForm(AccessibleFormMixin, forms.Form):
    """The guided application (行政复议申请书), in the order of 实施条例 第十九条. Every field is
    optional here so a draft saves at any point; submission lists what is missing."""

    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    org = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Reconsideration body"))
    respondent = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False,
                                        label=_("Agency that made the act (respondent)"))
    applicant_name = forms.CharField(max_length=120, required=False, label=_("Applicant's name"))
    applicant_phone = forms.CharField(max_length=20, required=False, label=_("Applicant's phone"))
    applicant_address = forms.CharField(max_length=200, required=False, label=_("Applicant's address"))
    agent_name = forms.CharField(max_length=120, required=False, label=_("Agent's name"),
                                 help_text=_("Only if someone acts for you (at most two agents, 第十七条)."))
    agent_phone = forms.CharField(max_length=20, required=False, label=_("Agent's phone"))
    act_type = forms.ChoiceField(choices=[("", "—"), *ActType.choices], required=False, label=_("Type of act"))
    act_document_number = forms.CharField(max_length=80, required=False, label=_("Document number"),
                                          help_text=_("As printed on the decision, e.g. 桐市监罚〔2026〕15号."))
    act_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                      label=_("What the agency did"))
    act_made_on = forms.DateField(widget=DATE, required=False, label=_("Date the act was made"))
    act_known_on = forms.DateField(widget=DATE, required=False, label=_("Date you learned of the act"))
    remedy_notice_given = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes", initial="yes",
        widget=forms.RadioSelect, label=_("Did the decision tell you how to apply for reconsideration?"))
    remedy_known_on = forms.DateField(widget=DATE, required=False,
                                      label=_("If not: date you learned of the right to apply"))
    concerns_real_property = forms.BooleanField(required=False, label=_("The act concerns land or buildings"))
    made_on_the_spot = forms.BooleanField(required=False, label=_("The act was made on the spot"))
    is_warning_or_criticism = forms.BooleanField(required=False,
                                                 label=_("The act is a warning or circulated criticism"))
    amount_involved = forms.DecimalField(required=False, min_value=0, decimal_places=2, max_digits=14,
                                         label=_("Amount involved (yuan)"))
    requests = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                               label=_("What you ask for"), help_text=_("E.g. revoke the penalty decision."))
    facts_and_reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                        label=_("Facts and reasons"))
    late_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                                  label=_("If you are late: why"))
    wants_hearing = forms.BooleanField(required=False, label=_("I ask for a hearing"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = Organisation.objects.filter(kind="reconsideration_body", is_active=True)
        self.fields["respondent"].queryset = Organisation.objects.filter(
            kind__in=RESPONDENT_KINDS, is_active=True).order_by("path")

    def case_data(self) -> dict:
        data = self.cleaned_data
        fields = ("act_type", "act_document_number", "act_description", "act_made_on", "act_known_on",
                  "remedy_notice_given", "remedy_known_on", "concerns_real_property", "made_on_the_spot",
                  "is_warning_or_criticism", "amount_involved", "requests", "facts_and_reasons", "late_reason",
                  "wants_hearing")
        return {name: data.get(name) for name in fields}

    def people(self) -> tuple[list[dict], list[dict]]:
        data = self.cleaned_data
        applicants = [{"name": data.get("applicant_name"), "phone": data.get("applicant_phone"),
                       "address": data.get("applicant_address")}]
        agents = [{"name": data.get("agent_name"), "phone": data.get("agent_phone")}]
        return applicants, agents


class UploadForm(AccessibleFormMixin, forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, image or office document."))


class CorrectionForm(AccessibleFormMixin, forms.Form):
    response = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("What you corrected or added"))


class ReplyForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), label=_("Written reply"),
                           help_text=_("Upload the evidence, legal basis and other materials as files."))


class CorrectionRequestForm(AccessibleFormMixin, forms.Form):
    items = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Items to correct, one per line"),
                            help_text=_("All items at once (第三十一条第一款)."))


class AcceptForm(AccessibleFormMixin, forms.Form):
    procedure = forms.ChoiceField(choices=Procedure.choices, label=_("Procedure"))
    facts_clear = forms.BooleanField(required=False, label=_(
        "Facts are clear, rights and duties plain and the dispute small (第五十三条)"))
    reason = forms.CharField(required=False, label=_("Note"))


class ReasonForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Reasons"))


class SuspendForm(ReasonForm):
    ground = forms.ChoiceField(choices=SuspensionGround.choices, label=_("Ground (第三十九条)"))


class TerminateForm(ReasonForm):
    ground = forms.ChoiceField(choices=TerminationGround.choices, label=_("Ground (第四十一条)"))


class ExtendForm(ReasonForm):
    days = forms.IntegerField(min_value=1, max_value=30, label=_("Extension in days (at most 30)"))


class DecideForm(AccessibleFormMixin, forms.Form):
    decision_type = forms.ChoiceField(choices=DecisionType.choices, label=_("Decision"))
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Reasons"))


class CloseForm(AccessibleFormMixin, forms.Form):
    performance_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("Performance"))


class SessionForm(AccessibleFormMixin, forms.Form):
    scheduled_for = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                        label=_("Date and time"))
    place = forms.CharField(required=False, label=_("Place"))
    issues = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Issues"))


class MinutesForm(AccessibleFormMixin, forms.Form):
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Minutes"))
    applicant_attended = forms.BooleanField(required=False, label=_("Applicant attended"))
    respondent_attended = forms.BooleanField(required=False, label=_("Respondent attended"))


class AgreementForm(AccessibleFormMixin, forms.Form):
    terms = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label=_("Terms of the agreement"))


class AssignForm(AccessibleFormMixin, forms.Form):
    """Choose the handling officer among the body's reconsideration officers (第三十六条第一款)."""

    handler = forms.TypedChoiceField(coerce=int, label=_("Handling officer"))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import body_officers

        officers = body_officers([case.org_id]) if case is not None else []
        self.fields["handler"].choices = [(user.pk, user.display_name) for user in officers]
        if case is not None and case.handler_id:
            self.fields["handler"].initial = case.handler_id
