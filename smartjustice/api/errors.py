"""The JSON 404 for API addresses that match no endpoint (same body as any other 404)."""
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


@extend_schema(exclude=True)
class NotFoundView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    versioning_class = None

    def initial(self, request, *args, **kwargs):
        raise NotFound()

    def get(self, request, *args, **kwargs):  # never reached; lets the schema skip it cleanly
        raise NotFound()


not_found = NotFoundView.as_view()
