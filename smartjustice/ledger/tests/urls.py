"""The project's URLs plus the ledger API where the lead will mount it (/api/v1/ledger/)."""
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns
from smartjustice.ledger.api import api_urlpatterns

urlpatterns = [path("api/v1/ledger/", include(api_urlpatterns)), *project_urlpatterns]
