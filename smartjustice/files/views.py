"""Upload and download pages. Thin: selectors decide access, services store (STYLE §2)."""
import base64
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from smartjustice.audit.services import record_read
from smartjustice.core.api_errors import error_body
from smartjustice.core.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from smartjustice.orgs.selectors import organisations_for_user

from . import services
from .errors import FileTooLarge
from .selectors import access_file

# Room for the multipart envelope and the other form fields around the file itself.
MULTIPART_ALLOWANCE = 64 * 1024


def content_disposition(name: str) -> str:
    """attachment with an ASCII fallback and the real name as RFC 5987/6266 filename*."""
    fallback = "".join(ch if 0x20 <= ord(ch) < 0x7F and ch not in '"\\;%' else "_" for ch in name)
    if fallback.strip("_. ") == "" or fallback != name:
        stem, dot, extension = name.rpartition(".")
        fallback = f"download.{extension}" if dot and extension.isascii() and extension.isalnum() else "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@login_required
@require_GET
def download(request, pk):
    """Stream a file the user may see; 404 for anything else (missing or not theirs)."""
    try:
        stored = access_file(request.user, pk)
    except NotFound:
        raise Http404() from None
    record_read("files.file.downloaded", actor=request.user, obj=stored, org=stored.org)
    response = FileResponse(stored.blob.open("rb"), content_type=stored.content_type)
    digest = base64.b64encode(bytes.fromhex(stored.sha256)).decode("ascii")
    response["Content-Disposition"] = content_disposition(stored.original_name)
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Repr-Digest"] = f"sha-256=:{digest}:"  # RFC 9530
    response["Digest"] = f"SHA-256={digest}"  # RFC 3230, for older clients
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _wants_html(request) -> bool:
    return "text/html" in request.headers.get("Accept", "") and not request.htmx


def _upload_target(request):
    """The organisation to upload to: the one posted (it must be one the user may upload
    to; otherwise it looks missing), or the user's only one."""
    allowed = organisations_for_user(request.user, "file.upload")
    raw = request.POST.get("org", "").strip()
    if raw:
        org = allowed.filter(pk=int(raw)).first() if raw.isdigit() else None
        if org is None:
            raise NotFound(_("No such organisation."), field="org")
        return org
    choices = list(allowed[:2])
    if not choices:
        raise PermissionDenied(_("Your account may not upload files here."))
    if len(choices) > 1:
        raise InvalidInput(_("Please choose the organisation the file belongs to."), field="org")
    return choices[0]


def _render_form(request, *, status=200, error=None, stored=None):
    return render(request, "files/upload.html", {
        "organisations": organisations_for_user(request.user, "file.upload"),
        "error": error, "stored": stored, "max_mb": services.megabytes(settings.UPLOAD_MAX_BYTES, round_up=False),
        "selected_org": request.POST.get("org", ""),
    }, status=status)


def _refuse(request, error: DomainError):
    if _wants_html(request):
        return _render_form(request, status=error.http_status, error=error)
    fields = {error.field: [str(error)]} if error.field else None
    return JsonResponse(error_body(error.code, str(error), fields), status=error.http_status)


@login_required
@csrf_exempt  # checked by _upload, after the size guard: reading the form would read the body
def upload(request):
    """GET: the upload form. POST (multipart, field "file", optional "org"): store the file and
    answer JSON {id, sha256, size, name} with 201, or {"error": ...} with 400/403/404/413."""
    if request.method == "POST":
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
        if declared > settings.UPLOAD_MAX_BYTES + MULTIPART_ALLOWANCE:
            name = _("the upload")
            limit = services.megabytes(settings.UPLOAD_MAX_BYTES, round_up=False)
            return _refuse(request, FileTooLarge(field="file", name=name, size=services.megabytes(declared),
                                                 limit=limit))
    return _upload(request)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _upload(request):
    if request.method == "GET":
        return _render_form(request)
    try:
        org = _upload_target(request)
        stored = services.store_upload(request.FILES.get("file"), org=org, acting_user=request.user)
    except DomainError as error:
        return _refuse(request, error)
    if _wants_html(request):
        return _render_form(request, status=201, stored=stored)
    return JsonResponse({
        "id": stored.pk, "sha256": stored.sha256, "size": stored.size, "name": stored.original_name,
        "content_type": stored.content_type, "url": reverse("files:download", args=[stored.pk]),
    }, status=201)
