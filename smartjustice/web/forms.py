"""Form rendering for every page: labels, hints and errors that assistive technology reads.

Forms that inherit AccessibleFormMixin render with web/forms/form.html: each input has a
<label>; hints and errors are tied to the input with aria-describedby (Django sets it to
"<id>_helptext <id>_error"); errors are announced with role="alert" (WCAG 2.1 SC 3.3.1,
4.1.3). A DomainError raised by a service lands on the field it names.
"""
from django import forms

from smartjustice.core.errors import DomainError


class AccessibleFormMixin:
    template_name = "web/forms/form.html"
    # Service field names that differ from this form's field names.
    domain_field_map: dict[str, str] = {}

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a service's refusal on the field it concerns, in the user's language."""
        field = self.domain_field_map.get(exc.field, exc.field)
        self.add_error(field if field in self.fields else None, str(exc))


class ElderlyModeForm(forms.Form):
    """The header's toggle: one button that posts the wanted state."""

    elderly_mode = forms.TypedChoiceField(choices=[("on", "on"), ("off", "off")],
                                          coerce=lambda value: value == "on")
