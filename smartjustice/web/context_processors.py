"""Values every page of the shell needs: elderly mode and the unread notification count."""
from smartjustice.web.preferences import elderly_mode_for


def _unread_count(user) -> int:
    try:
        from smartjustice.notifications.selectors import unread_count
    except ImportError:  # the notifications app may not be built yet
        return 0
    return unread_count(user)


def shell(request):
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return {
        "elderly_mode": elderly_mode_for(request),
        "unread_notifications": _unread_count(user) if signed_in else 0,
    }
