"""The versioned REST API: /api/v1/..., schema at /api/schema, docs at /api/docs.

Other apps publish `api_urlpatterns` in their `api` module; each is mounted under its
own prefix and namespace (api:v1:<app>:...).
"""
import importlib

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from smartjustice.orgs.api import api_urlpatterns as org_urlpatterns

from .audit import AuditEntryList
from .docs import docs
from .errors import not_found
from .me import MeView

app_name = "api"


def optional_api_urlpatterns(module_name: str) -> list | None:
    """The module's `api_urlpatterns`, or None while that app has no API yet.

    Only the absence of the module (or of the name) is forgiven; an import error
    inside an existing module is a real bug and is raised.
    TODO(issue #2 §9): drop this guard once deadlines, notifications and files ship
    their api modules."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
    return getattr(module, "api_urlpatterns", None)


OPTIONAL_APIS = [
    ("deadlines/", "smartjustice.deadlines.api", "deadlines"),
    ("notifications/", "smartjustice.notifications.api", "notifications"),
    ("files/", "smartjustice.files.api", "files"),
    ("ledger/", "smartjustice.ledger.api", "ledger"),
    ("calculators/", "smartjustice.legalservice.calculators.api", "calculators"),
    ("consult/", "smartjustice.legalservice.consult.api", "consult"),
    ("correction/", "smartjustice.correction.api", "correction"),
    ("reconsideration/", "smartjustice.reconsideration.api", "reconsideration"),
    ("documents/", "smartjustice.legalservice.documents.api", "documents"),
]

v1_patterns: list = [
    path("me/", MeView.as_view(), name="me"),
    path("orgs/", include((org_urlpatterns, "orgs"))),
    path("audit/entries/", AuditEntryList.as_view(), name="audit-entries"),
]
for prefix, module_name, namespace in OPTIONAL_APIS:
    patterns = optional_api_urlpatterns(module_name)
    if patterns is not None:
        v1_patterns.append(path(prefix, include((patterns, namespace))))
# Anything else under /api/v1/ is a JSON 404, not Django's HTML page.
v1_patterns.append(re_path(r"^.*$", not_found, name="not-found"))

urlpatterns = [
    path("v1/", include((v1_patterns, "v1"), namespace="v1")),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", docs, name="docs"),
    re_path(r"^.*$", not_found),
]
