"""Account pages: sign in and out, registration, profile and preferences.

Thin views (STYLE §2): forms check the shape of input, accounts.services do the work
atomically and audit it; a DomainError comes back as a message on the field it concerns,
and nothing is written.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from smartjustice.orgs.permissions import can
from smartjustice.web.preferences import ELDERLY_SESSION_KEY, carry_session_preferences

from . import services
from .forms import CitizenRegistrationForm, EnterpriseRegistrationForm, PreferencesForm, SignInForm
from .models import User

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def start_page_for(user) -> str:
    """Where a person lands after signing in: the portal or the workbench they may use."""
    if can(user, "portal.view"):
        return reverse("web:portal")
    if can(user, "workbench.view"):
        return reverse("web:workbench")
    return reverse("web:home")


def _current_language() -> str:
    language = translation.get_language() or ""
    return language if language in User.Language.values else ""


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return start_page_for(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        carry_session_preferences(self.request, self.request.user)
        return response


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only). Elderly mode stays on for the next visitor of this browser
    if it was on: a person who needs large text still needs it after signing out."""

    def post(self, request, *args, **kwargs):
        keep_elderly = bool(request.user.is_authenticated and request.user.elderly_mode)
        response = super().post(request, *args, **kwargs)
        if keep_elderly:
            request.session[ELDERLY_SESSION_KEY] = True
        return response


def _register_and_sign_in(request, register, **details):
    """Create the account with `register` and sign it in, in one transaction: a failure to
    sign in leaves no account behind. Returns the redirect to the portal."""
    with transaction.atomic():
        user = register(**details, language=_current_language())
        login(request, user, backend=MODEL_BACKEND)
        carry_session_preferences(request, user)
        return redirect("web:portal")


def register_citizen(request):
    """实名注册 of a resident (issue #2 §3)."""
    form = CitizenRegistrationForm(request.POST or None)
    if form.submit_to(request, lambda data: _register_and_sign_in(
            request, services.register_citizen, real_name=data["real_name"], mobile=data["mobile"],
            id_number=data["id_number"], password=data["password"], home_org=data["home_org"])):
        messages.success(request, _("Your account has been created and you are signed in."))
        return form.service_result
    return render(request, "accounts/register_citizen.html", {"form": form})


def register_enterprise(request):
    """An enterprise account, keyed by its 统一社会信用代码 (issue #2 §3)."""
    form = EnterpriseRegistrationForm(request.POST or None)
    if form.submit_to(request, lambda data: _register_and_sign_in(
            request, services.register_enterprise, enterprise_name=data["enterprise_name"],
            credit_code=data["credit_code"], contact_name=data["contact_name"], mobile=data["mobile"],
            password=data["password"], home_org=data["home_org"],
            legal_representative=data["legal_representative"])):
        messages.success(request, _("The enterprise account has been created and you are signed in."))
        return form.service_result
    return render(request, "accounts/register_enterprise.html", {"form": form})


@login_required
def profile(request):
    """The person's own details (ID number masked) and display preferences."""
    user = request.user
    initial = {"elderly_mode": user.elderly_mode, "language": user.language or _current_language()}
    form = PreferencesForm(request.POST or None, initial=initial)
    if form.submit_to(request, lambda data: services.update_preferences(
            user, acting_user=user, elderly_mode=data["elderly_mode"], language=data["language"])):
        translation.activate(user.language)
        messages.success(request, _("Your preferences have been saved."))
        response = redirect("accounts:profile")
        # The cookie keeps the language after signing out, as Django's set_language does.
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language,
                            max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
                            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                            secure=settings.LANGUAGE_COOKIE_SECURE,
                            httponly=settings.LANGUAGE_COOKIE_HTTPONLY)
        return response
    return render(request, "accounts/profile.html", {
        "form": form,
        "enterprise": getattr(user, "enterprise", None),
        "memberships": user.memberships.filter(is_active=True).select_related("org").order_by("org__path"),
    })
