"""Display preferences (elderly mode, language) for signed-in people and anonymous visitors.

A signed-in person's choice is saved on their account through
accounts.services.update_preferences (audited), so it follows them to every device.
An anonymous visitor's elderly-mode choice lives in the session, and is carried onto the
account when they sign in or register in that session.
"""
from smartjustice.accounts.services import update_preferences

ELDERLY_SESSION_KEY = "smartjustice.elderly_mode"


def elderly_mode_for(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return bool(user.elderly_mode)
    session = getattr(request, "session", None)
    return bool(session.get(ELDERLY_SESSION_KEY, False)) if session is not None else False


def set_elderly_mode(request, enabled: bool) -> None:
    """Turn elderly mode on or off for whoever is making the request."""
    if request.user.is_authenticated:
        update_preferences(request.user, acting_user=request.user, elderly_mode=enabled)
    else:
        request.session[ELDERLY_SESSION_KEY] = enabled


def carry_session_preferences(request, user) -> None:
    """After sign-in or registration: keep elderly mode on if the visitor had turned it on."""
    if request.session.get(ELDERLY_SESSION_KEY) and not user.elderly_mode:
        update_preferences(user, acting_user=user, elderly_mode=True)
