"""The 500 handler (config/urls.py handler500): a database that cannot be reached is a 503.

Django turns an exception raised before a view runs — e.g. the session loaded from the database
by a middleware that reads request.user — into the handler500 response, so the views' own
503 answers (correction.hot, correction.api) never see it. Here, while Django is still handling
that exception, a database connection error (OperationalError / InterfaceError) becomes:
- on /api/: 503 with Retry-After and the shared error shape, code "temporarily_unavailable"
  (the location-report path keeps its own message: the subject's app keeps the report and
  resends it, so it is not lost);
- elsewhere: a static 503 page in Chinese and English.
Both render without the database (no context processors, no session, no user). Anything else
is the ordinary 500 page.
"""
import sys

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.defaults import server_error as default_server_error

from smartjustice.core.api_errors import error_body
from smartjustice.correction import hot, ingest


def server_error(request, template_name="500.html"):
    exc = sys.exc_info()[1]
    if not isinstance(exc, hot.DATABASE_UNAVAILABLE):
        return default_server_error(request, template_name)
    headers = hot.UNAVAILABLE_HEADERS  # the same Retry-After as the location-report views
    if request.path.startswith("/api/"):
        if request.path == ingest.PATH:
            body = hot.unavailable_body()
        else:
            body = error_body("temporarily_unavailable",
                              _("The system is temporarily unavailable; nothing was saved. Please try again shortly."))
        return JsonResponse(body, status=503, headers=headers, json_dumps_params={"ensure_ascii": False})
    return HttpResponse(loader.get_template("503.html").render(), status=503, headers=headers)
