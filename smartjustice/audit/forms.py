"""The audit search filters, shared by the search page, the CSV export and the API."""
import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from smartjustice.orgs.selectors import organisations_for_user

from .models import AuditEntry


class AuditSearchForm(forms.Form):
    """Validates the filters of an audit search. Every field is optional.

    `org` offers only organisations inside the user's audit scope, so an organisation
    outside it is refused exactly like one that does not exist.
    """

    date_from = forms.DateField(label=_("From (date)"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To (date, inclusive)"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    actor = forms.CharField(label=_("Actor name contains"), required=False, max_length=150)
    action = forms.CharField(label=_("Action starts with"), required=False, max_length=100)
    object_type = forms.CharField(label=pgettext_lazy("audit", "Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=pgettext_lazy("audit", "Object id"), required=False, max_length=64)
    org = forms.ModelChoiceField(label=_("Organisation (and those below it)"), required=False,
                                 queryset=None, empty_label=_("All within my scope"))
    kind = forms.ChoiceField(label=pgettext_lazy("audit", "Kind"), required=False,
                             choices=[("", _("Changes and reads"))] + list(AuditEntry.Kind.choices))

    def __init__(self, *args, user, action: str = "audit.view", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = organisations_for_user(user, action).order_by("path")

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date (%(to)s) is before the start date (%(from)s).")
                           % {"to": date_to.isoformat(), "from": date_from.isoformat()})
        return cleaned

    def filters(self) -> dict:
        """The cleaned filters that were given, as plain JSON-able values (for the export's
        own audit entry and for links that keep the filters)."""
        result = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if isinstance(value, dt.date):
                result[name] = value.isoformat()
            elif name == "org":
                result[name] = value.pk
            else:
                result[name] = value
        return result
