"""Makes the current request's actor and client address available to audit.record()."""
import contextvars
from dataclasses import dataclass

_current = contextvars.ContextVar("smartjustice_request_context", default=None)


@dataclass(frozen=True)
class RequestContext:
    ip: str | None
    user_agent: str
    path: str


def client_ip(request) -> str | None:
    """The client address. Behind a proxy, the first X-Forwarded-For hop is trusted only
    when TRUSTED_PROXY_COUNT says how many proxies we run (none by default)."""
    from django.conf import settings

    hops = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= hops:
            return parts[-hops]
    return request.META.get("REMOTE_ADDR")


def current_request_context() -> RequestContext | None:
    return _current.get()


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(
            RequestContext(
                ip=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                path=request.path[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)
