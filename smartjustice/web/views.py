"""Pages of the shell: landing page, citizen portal, staff workbench, display preferences.

Views are thin: they check access with orgs.permissions.can, read through selectors and
write through services (STYLE §2).
"""
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from smartjustice.accounts.models import User
from smartjustice.accounts.services import update_preferences
from smartjustice.orgs.permissions import can
from smartjustice.orgs.selectors import organisations_for_user

from . import preferences
from .forms import ElderlyModeForm


def _safe_next(request, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return fallback


def _recent_notifications(user, limit: int = 5) -> list:
    try:
        from smartjustice.notifications.selectors import notifications_for_user
    except ImportError:  # the notifications app may not be built yet
        return []
    return list(notifications_for_user(user)[:limit])


def home(request):
    """Public landing page: the platform's five capability areas."""
    return render(request, "web/home.html")


@login_required
def portal(request):
    """Citizen portal (for citizens, enterprises and people under community correction)."""
    if not can(request.user, "portal.view"):
        raise PermissionDenied
    return render(request, "web/portal.html", {
        "notifications": _recent_notifications(request.user),
        # RelatedObjectDoesNotExist is an AttributeError: people without one get None.
        "enterprise": getattr(request.user, "enterprise", None),
    })


@login_required
def workbench(request):
    """Staff workbench: the organisations this officer works in and their tools."""
    if not can(request.user, "workbench.view"):
        raise PermissionDenied
    memberships = (request.user.memberships.filter(is_active=True, org__is_active=True)
                   .select_related("org").order_by("org__path", "role"))
    return render(request, "web/workbench.html", {
        "organisations": organisations_for_user(request.user),
        "memberships": memberships,
    })


@require_POST
def set_elderly_mode(request):
    """Turn elderly mode (适老模式) on or off; saved on the account when signed in."""
    form = ElderlyModeForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    preferences.set_elderly_mode(request, form.cleaned_data["elderly_mode"])
    return redirect(_safe_next(request))


@require_POST
def set_language(request):
    """Django's set_language, plus saving the choice on a signed-in person's account.

    accounts.middleware.UserLanguageMiddleware activates the saved language on every
    request, so without saving it here the switch would not stick for signed-in people.
    """
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in User.Language.values:
        update_preferences(request.user, acting_user=request.user, language=language)
    return django_set_language(request)
