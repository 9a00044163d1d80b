"""System checks: a misconfigured SMS backend is caught at start-up, not at the first send."""
from django.conf import settings
from django.core.checks import Error, register


@register()
def check_sms_backend(app_configs, **kwargs):
    backend = getattr(settings, "SMS_BACKEND", "log")
    if backend not in {"log", "http"}:
        return [Error("SMS_BACKEND must be 'log' or 'http'.", id="notifications.E001")]
    if backend == "http" and not getattr(settings, "SMS_HTTP_URL", ""):
        return [Error("SMS_BACKEND is 'http' but SMS_HTTP_URL is empty.", id="notifications.E002")]
    return []
