"""Pages and tlog-tiles resources of the evidence ledger.

/ledger/log/checkpoint, /ledger/log/tile/<L>/<N>[.p/<W>], /ledger/log/tile/entries/<N>[.p/<W>]
serve the log per C2SP tlog-tiles so anyone can mirror and audit it: tiles are immutable
(a partial tile's path names its width), the checkpoint is cached for seconds only.
/ledger/verify is the public 核验 page; /ledger/register the officers' form;
/ledger/receipt/<number> the printable receipt; /ledger/status the bureau's monitoring
dashboard (can(user, "ledger.monitor", log operator's organisation), else 404).
"""
import base64
import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from smartjustice.core.errors import DomainError, NotFound
from smartjustice.orgs.permissions import can
from smartjustice.orgs.selectors import organisations_for_user

from . import monitor, proofs, qr, selectors, services
from .entries import decode_entry
from .models import EvidenceType
from .tlog import merkle, tiles
from .tlog.note import NoteError
from .tlog.proofbundle import format_bundle

IMMUTABLE = "public, max-age=31536000, immutable"


@require_GET
def log_checkpoint(request):
    try:
        note, _size = proofs.current_checkpoint()
    except DomainError:
        raise Http404 from None
    resp = HttpResponse(note, content_type="text/plain; charset=utf-8")
    resp["Cache-Control"] = "public, max-age=5"
    return resp


def _tile_request(level_s, index_s, size):
    try:
        level = tiles.parse_level(level_s)
        index, width = tiles.parse_index(index_s)
        if tiles.tile_width_in_tree(level, index, size) != width:
            raise tiles.TilePathError("width does not match the tree")
    except tiles.TilePathError:
        raise Http404 from None
    return level, index, width or tiles.TILE_WIDTH


def _binary(data: bytes):
    resp = HttpResponse(data, content_type="application/octet-stream")
    resp["Cache-Control"] = IMMUTABLE
    return resp


@require_GET
def log_tile(request, level, index):
    size = selectors.tree_size()
    level, index, width = _tile_request(level, index, size)
    start = index * tiles.TILE_WIDTH
    hashes = selectors.level_hashes(level * tiles.TILE_HEIGHT, start, start + width)
    if len(hashes) != width:
        raise Http404
    return _binary(b"".join(hashes))


@require_GET
def log_entries(request, index):
    size = selectors.tree_size()
    _level, index, width = _tile_request("0", index, size)
    start = index * tiles.TILE_WIDTH
    return _binary(tiles.encode_bundle(selectors.entries_range(start, start + width)))


def _lookup(query: str):
    query = (query or "").strip()
    if not query:
        return None, []
    if len(query) == 64 and all(c in "0123456789abcdefABCDEF" for c in query):
        return "hash", selectors.find_registrations(content_sha256=query)
    return "number", selectors.find_registrations(number=query)


def _result(reg):
    """What the page shows about one registration, with the server's own verification."""
    fields = decode_entry(bytes(reg.entry))
    out = {"number": reg.number, "org": reg.org.name, "registered_at": reg.registered_at,
           "evidence_type": EvidenceType(reg.evidence_type).label, "case": fields["case"],
           "content_sha256": reg.content_sha256, "included": False}
    entry = getattr(reg, "log_entry", None)
    try:
        note, size = proofs.current_checkpoint()
    except DomainError:
        return out
    if entry is None or entry.index >= size:
        return out
    proof = selectors.inclusion_proof(entry.index, size)
    try:
        verified = proofs.policy().verify_checkpoint(note)
        merkle.verify_inclusion(entry.index, size, merkle.leaf_hash(bytes(entry.entry)), proof,
                                verified.checkpoint.root)
        out["server_verified"] = True
        out["witnesses"] = verified.witness_times
    except (NoteError, merkle.ProofError) as exc:
        out["server_verified"] = False
        out["server_error"] = str(exc)
    out.update(included=True, index=entry.index, size=size, checkpoint=note,
               browser_data=json.dumps({
                   "entry": base64.b64encode(bytes(entry.entry)).decode(), "index": entry.index, "size": size,
                   "proof": [base64.b64encode(h).decode() for h in proof], "checkpoint": note,
                   "content_sha256": reg.content_sha256}),
               bundle=format_bundle(bytes(entry.entry), entry.index, proof, note))
    return out


def verify(request):
    """Public: anyone checks a file (hashed in the browser), a hash or a registration number."""
    kind, regs = _lookup(request.GET.get("q", ""))
    return render(request, "ledger/verify.html", {
        "query": request.GET.get("q", ""), "kind": kind, "results": [_result(r) for r in regs]})


def receipt(request, number):
    regs = selectors.find_registrations(number=number)
    if not regs:
        raise Http404
    # The QR code takes a phone to the public verification page for this number.
    verify_url = request.build_absolute_uri(qr.verification_path(regs[0].number))
    return render(request, "ledger/receipt.html", {
        "r": _result(regs[0]), "verify_url": verify_url,
        "qr_svg": qr.qr_svg(verify_url, _("Scan to verify %(number)s") % {"number": regs[0].number})})


@login_required
def register(request):
    orgs = organisations_for_user(request.user, "ledger.register")
    if not orgs.exists():
        raise Http404
    error = None
    if request.method == "POST":
        org = orgs.filter(pk=request.POST.get("org") or 0).first() or orgs.first()
        try:
            reg = services.register_evidence(
                acting_user=request.user, org=org, content_sha256=request.POST.get("content_sha256", ""),
                evidence_type=request.POST.get("evidence_type", ""),
                case_reference=request.POST.get("case_reference", ""),
                description=request.POST.get("description", ""))
        except (DomainError, NotFound) as exc:
            error = str(exc)
        else:
            return redirect("ledger:receipt", number=reg.number)
    return render(request, "ledger/register.html", {
        "orgs": orgs, "types": EvidenceType.choices, "error": error, "post": request.POST,
        "title": _("Register evidence")})


@login_required
def status(request):
    org = monitor.operator_org()
    if org is None or not can(request.user, "ledger.monitor", org):
        raise Http404
    return render(request, "ledger/status.html", {"o": selectors.ledger_overview(), "operator": org})
