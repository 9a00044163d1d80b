import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

# Token location reports (the hot path) skip Django's middleware stack: docs/adr/0007-location-ingest.md.
from smartjustice.correction.ingest import LocationIngest  # noqa: E402  (needs the app registry)

application = LocationIngest(django_application)
