from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("smartjustice.web.urls")),
    path("accounts/", include("smartjustice.accounts.urls")),
    path("audit/", include("smartjustice.audit.urls")),
    path("deadlines/", include("smartjustice.deadlines.urls")),
    path("notifications/", include("smartjustice.notifications.urls")),
    path("files/", include("smartjustice.files.urls")),
    path("api/", include("smartjustice.api.urls")),
    path("ledger/", include("smartjustice.ledger.urls")),
    path("statutes/", include("smartjustice.statutes.urls")),
    path("reconsideration/", include("smartjustice.reconsideration.urls")),
    path("calculators/", include("smartjustice.legalservice.calculators.urls")),
    path("documents/", include("smartjustice.legalservice.documents.urls")),
    path("consult/", include("smartjustice.legalservice.consult.urls")),
    path("correction/", include("smartjustice.correction.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# A database that cannot be reached answers 503 (retry) rather than 500 (smartjustice/web/errors.py).
handler500 = "smartjustice.web.errors.server_error"
