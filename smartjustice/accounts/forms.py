"""Forms of the account pages: sign-in, registration (citizen, enterprise), preferences.

The forms check the shape of each answer with the same validators the services use
(accounts.identity), so a person sees every problem at once; the services check again
and have the last word (duplicates, password strength) — their DomainError is put on
the field it names with AccessibleFormMixin.add_domain_error.
"""
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from smartjustice.core.errors import InvalidInput
from smartjustice.orgs.selectors import registration_bureaus
from smartjustice.web.forms import AccessibleFormMixin

from .identity import validate_mobile, validate_resident_id, validate_uscc
from .models import User


def _text(autocomplete: str, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": autocomplete, **attrs})


def _checked(validator, value: str) -> str:
    """Run an identity validator, turning its specific message into a form error."""
    try:
        return validator(value)
    except InvalidInput as exc:
        raise forms.ValidationError(str(exc), code=exc.code) from None


class HomeBureauField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=registration_bureaus(),
            label=_("Your county justice bureau"),
            help_text=_("The bureau of the county or city where you live or do business."),
            empty_label=_("Choose a bureau"),
            error_messages={"required": _("Please choose your county justice bureau."),
                            "invalid_choice": _("Please choose one of the bureaus in the list.")},
            **kwargs,
        )


class PasswordPairMixin:
    """Two password inputs that must match; strength is checked by the service."""

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password"), cleaned.get("password_confirm")
        if first and second and first != second:
            self.add_error("password_confirm", _("The two passwords do not match; please type them again."))
        return cleaned


def _password_fields():
    return (
        forms.CharField(
            label=_("Password"), strip=False,
            help_text=_("At least 8 characters, not only digits, and not easy to guess."),
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            error_messages={"required": _("Please choose a password.")},
        ),
        forms.CharField(
            label=_("Password again"), strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            error_messages={"required": _("Please type the password a second time.")},
        ),
    )


def _mobile_field():
    return forms.CharField(
        label=_("Mobile number"), max_length=20,
        help_text=_("11 digits, e.g. 13800000000."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
        error_messages={"required": _("Please enter your mobile number.")},
    )


class CitizenRegistrationForm(AccessibleFormMixin, PasswordPairMixin, forms.Form):
    """实名注册 of a resident: real name, mobile number, 居民身份证号 and a password."""

    real_name = forms.CharField(
        label=_("Real name"), max_length=60,
        help_text=_("As printed on your resident ID card."),
        widget=_text("name"),
        error_messages={"required": _("Please enter your real name as on your ID card.")},
    )
    mobile = _mobile_field()
    id_number = forms.CharField(
        label=_("Resident ID number"), max_length=30,
        help_text=_("18 characters; the last one may be X."),
        widget=_text("off", autocapitalize="characters", spellcheck="false"),
        error_messages={"required": _("Please enter your resident ID number.")},
    )
    home_org = HomeBureauField()
    password, password_confirm = _password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bureaus = list(self.fields["home_org"].queryset[:2])
        if len(bureaus) == 1:  # one county on this platform: nothing to choose
            self.fields["home_org"].initial = bureaus[0].pk

    def clean_mobile(self):
        return _checked(validate_mobile, self.cleaned_data["mobile"])

    def clean_id_number(self):
        return _checked(validate_resident_id, self.cleaned_data["id_number"])


class EnterpriseRegistrationForm(AccessibleFormMixin, PasswordPairMixin, forms.Form):
    """An enterprise account keyed by its 统一社会信用代码, with a contact person."""

    domain_field_map = {"real_name": "contact_name"}

    enterprise_name = forms.CharField(
        label=_("Enterprise name"), max_length=200,
        help_text=_("The registered name on the business licence."),
        widget=_text("organization"),
        error_messages={"required": _("Please enter the enterprise's registered name.")},
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"), max_length=30,
        help_text=_("18 characters, printed on the business licence."),
        widget=_text("off", autocapitalize="characters", spellcheck="false"),
        error_messages={"required": _("Please enter the unified social credit code.")},
    )
    legal_representative = forms.CharField(
        label=_("Legal representative"), max_length=60, required=False, widget=_text("off"),
    )
    contact_name = forms.CharField(
        label=_("Contact person"), max_length=60,
        help_text=_("The real name of the person who uses this account."),
        widget=_text("name"),
        error_messages={"required": _("Please enter the contact person's real name.")},
    )
    mobile = _mobile_field()
    home_org = HomeBureauField()
    password, password_confirm = _password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bureaus = list(self.fields["home_org"].queryset[:2])
        if len(bureaus) == 1:
            self.fields["home_org"].initial = bureaus[0].pk

    def clean_credit_code(self):
        return _checked(validate_uscc, self.cleaned_data["credit_code"])

    def clean_mobile(self):
        return _checked(validate_mobile, self.cleaned_data["mobile"])


class SignInForm(AccessibleFormMixin, AuthenticationForm):
    """Sign in with a mobile number, a unified social credit code or a staff username."""

    error_messages = {
        "invalid_login": _("The mobile number (or username) and password do not match an account. "
                           "Please check both and try again."),
        "inactive": _("This account has been switched off. Please contact the justice bureau."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Mobile number or username")
        username.error_messages["required"] = _("Please enter your mobile number or username.")
        username.widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        username.widget.attrs.pop("autofocus", None)
        password = self.fields["password"]
        password.label = _("Password")
        password.error_messages["required"] = _("Please enter your password.")

    def clean(self):
        identifier = (self.cleaned_data.get("username") or "").strip()
        if identifier:
            self.cleaned_data["username"] = self._account_username(identifier)
        return super().clean()

    @staticmethod
    def _account_username(identifier: str) -> str:
        """The username behind what the person typed: the username itself, an upper-cased
        credit code, or a mobile number that belongs to exactly one account."""
        if User.objects.filter(username=identifier).exists():
            return identifier
        if User.objects.filter(username=identifier.upper()).exists():
            return identifier.upper()
        try:
            mobile = validate_mobile(identifier)
        except InvalidInput:
            return identifier
        matches = list(User.objects.filter(mobile=mobile, is_active=True)
                       .values_list("username", flat=True)[:2])
        return matches[0] if len(matches) == 1 else identifier


class PreferencesForm(AccessibleFormMixin, forms.Form):
    """Display preferences saved on the account (accounts.services.update_preferences)."""

    elderly_mode = forms.BooleanField(
        label=_("Elderly mode: large text, high contrast, one main action per screen"),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=User.Language.choices,
        error_messages={"required": _("Please choose a language."),
                        "invalid_choice": _("Please choose one of the languages in the list.")},
    )
