"""Form rendering for every page: labels, hints and errors that assistive technology reads.

Forms that inherit AccessibleFormMixin render with web/forms/form.html: each input has a
<label>; hints and errors are tied to the input with aria-describedby (Django sets it to
"<id>_helptext <id>_error"); errors are announced with role="alert" (WCAG 2.1 SC 3.3.1,
4.1.3). A DomainError raised by a service lands on the field it names.
"""
from collections.abc import Callable
from typing import Any

from django import forms

from smartjustice.core.errors import DomainError, NotFound


class AccessibleFormMixin:
    template_name = "web/forms/form.html"
    # Service field names that differ from this form's field names.
    domain_field_map: dict[str, str] = {}
    # What the service passed to submit_to() returned, once it has succeeded.
    service_result: Any = None

    def add_domain_error(self, exc: DomainError) -> None:
        """Show a service's refusal on the field it concerns, in the user's language."""
        field = self.domain_field_map.get(exc.field, exc.field)
        self.add_error(field if field in self.fields else None, str(exc))

    def submit_to(self, request, service: Callable[[dict[str, Any]], Any]) -> bool:
        """Run `service(cleaned_data)` for a valid POSTed form; True when it succeeded.

        Form pages used to repeat one block: on POST with a valid form, call the service,
        put its DomainError on the form, else flash a message and redirect. This keeps the
        part that is the same everywhere and leaves to the view what differs: the message,
        the redirect and anything else success means (a cookie, a sign-in).

        - Not a POST, or the form is invalid: the service is not called; False, and the
          view renders the form with its errors as usual.
        - The service raises a DomainError: it lands on the field it names
          (add_domain_error); False. NotFound is re-raised, so another organisation's object
          is a 404 as everywhere, and nothing else is caught.
        - Otherwise True, and the service's return value is in `service_result`.

        The service runs in the caller's transaction, as the view's own try block ran it;
        a service that needs one opens it itself.
        """
        if request.method != "POST" or not self.is_valid():
            return False
        try:
            self.service_result = service(self.cleaned_data)
        except NotFound:
            raise  # not a refusal to show on the form: the view answers 404 (not_found_as_404)
        except DomainError as exc:
            self.add_domain_error(exc)
            return False
        return True


class ElderlyModeForm(forms.Form):
    """The header's toggle: one button that posts the wanted state."""

    elderly_mode = forms.TypedChoiceField(choices=[("on", "on"), ("off", "off")],
                                          coerce=lambda value: value == "on")
