"""Reads of the evidence ledger. The log is public by design (LEDGER.md §6): proofs,
checkpoints and entries carry no personal data, so these need no permission checks;
registration details beyond the entry (description) are for the registering org only.
"""
from __future__ import annotations

from django.db import connection

from smartjustice.core.errors import NotFound

from .errors import ProofRequestInvalid
from .models import LogEntry, PublishedCheckpoint, Registration, SignedCheckpoint, TreeNode
from .tlog import merkle


def latest_signed_checkpoint() -> SignedCheckpoint | None:
    return SignedCheckpoint.objects.order_by("-size").first()


def latest_published_checkpoint() -> PublishedCheckpoint | None:
    return PublishedCheckpoint.objects.order_by("-size").first()


def fetch_nodes(wanted: set[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """The stored perfect-subtree hashes for `wanted`, in one query."""
    if not wanted:
        return {}
    # One row-value IN query (PostgreSQL and SQLite >= 3.15): it plans far faster than
    # an OR of ~40 ANDed conditions, which matters for the 2 ms proof budget.
    pairs = sorted(wanted)
    placeholders = ", ".join(["(%s, %s)"] * len(pairs))
    params = [x for pair in pairs for x in pair]
    table = connection.ops.quote_name(TreeNode._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f'SELECT level, "index", hash FROM {table} WHERE (level, "index") IN ({placeholders})', params)
        found = {(lv, ix): bytes(h) for lv, ix, h in cur.fetchall()}
    if len(found) != len(wanted):
        raise ProofRequestInvalid(detail="tree nodes missing")
    return found


def tree_size() -> int:
    cp = latest_signed_checkpoint()
    return cp.size if cp else 0


def _check_size(size: int) -> None:
    if not 0 <= size <= tree_size():
        raise ProofRequestInvalid(detail=f"size {size} is beyond the signed tree ({tree_size()})")


def root_at(size: int) -> bytes:
    _check_size(size)
    if size == 0:
        return merkle.EMPTY_ROOT
    return merkle.hash_range(0, size, fetch_nodes(set(merkle.perfect_decomposition(0, size))))


def inclusion_proof(index: int, size: int) -> list[bytes]:
    """PATH(index, D[size]) from stored nodes: one query, at most 2·log2(size) rows."""
    _check_size(size)
    try:
        return merkle.proof_from_ranges(merkle.inclusion_ranges(index, size), fetch_nodes)
    except merkle.ProofError as exc:
        raise ProofRequestInvalid(detail=str(exc)) from None


def consistency_proof(old_size: int, size: int) -> list[bytes]:
    _check_size(size)
    try:
        return merkle.proof_from_ranges(merkle.consistency_ranges(old_size, size), fetch_nodes)
    except merkle.ProofError as exc:
        raise ProofRequestInvalid(detail=str(exc)) from None


def get_entry(index: int) -> LogEntry:
    entry = LogEntry.objects.select_related("registration__org").filter(index=index).first()
    if entry is None:
        raise NotFound()
    return entry


def entry_by_leaf_hash(leaf: bytes) -> LogEntry:
    entry = LogEntry.objects.select_related("registration__org").filter(leaf_hash=leaf).first()
    if entry is None:
        raise NotFound()
    return entry


def find_registrations(*, number: str | None = None, content_sha256: str | None = None) -> list[Registration]:
    """Public lookup by registration number or file hash (what 天平链-style 核验 offers)."""
    qs = Registration.objects.select_related("org").order_by("id")
    if number:
        qs = qs.filter(number=number.strip().upper())
    elif content_sha256:
        qs = qs.filter(content_sha256=content_sha256.strip().lower())
    else:
        return []
    return list(qs)


def entries_range(start: int, end: int) -> list[bytes]:
    return [bytes(e) for e in LogEntry.objects.filter(index__gte=start, index__lt=end)
            .order_by("index").values_list("entry", flat=True)]


def level_hashes(level: int, start: int, end: int) -> list[bytes]:
    return [bytes(h) for h in TreeNode.objects.filter(level=level, index__gte=start, index__lt=end)
            .order_by("index").values_list("hash", flat=True)]


# --- monitoring ------------------------------------------------------------------------

def monitor_recipients(org) -> list:
    """Active users who may "ledger.monitor" `org` (the log operator's organisation)."""
    from smartjustice.accounts.models import User
    from smartjustice.orgs.permissions import PERMISSIONS, can

    roles = PERMISSIONS["ledger.monitor"].roles
    candidates = User.objects.filter(is_active=True, memberships__is_active=True,
                                     memberships__role__in=roles).distinct().order_by("pk")
    return [u for u in candidates if can(u, "ledger.monitor", org)]


def ledger_overview() -> dict:
    """The bureau's dashboard (/ledger/status): log size, registrations per department,
    witness health and last cosignature times, open alerts. Callers check
    can(user, "ledger.monitor", operator org) first."""
    import datetime as dt

    from django.db.models import Count, Max

    from . import proofs, witnessing
    from .models import MonitorAlert, MonitorCheckpoint

    signed = latest_signed_checkpoint()
    published = latest_published_checkpoint()
    per_org = list(Registration.objects.values("org__code", "org__name")
                   .annotate(total=Count("id"), sequenced=Count("log_entry"), last=Max("registered_at"))
                   .order_by("-total", "org__code"))
    try:
        policy = proofs.policy()
        urls = witnessing.witness_urls(policy)
        names = list(policy.witnesses)
        quorum = policy.quorum
    except Exception as exc:  # noqa: BLE001 - a broken policy file is itself what the page must show
        names, urls, quorum, policy_error = [], {}, None, str(exc)
    else:
        policy_error = ""
    open_alerts = list(MonitorAlert.objects.filter(resolved_at__isnull=True).order_by("-raised_at", "-id"))
    down = {a.source for a in open_alerts if a.kind == MonitorAlert.Kind.HEALTH}
    witnesses = []
    for name in names:
        seen = MonitorCheckpoint.objects.filter(source=name).order_by("-size").first()
        times = [seen.cosigned_at] if seen and seen.cosigned_at else []
        if published and name in published.witnesses:
            times.append(dt.datetime.fromtimestamp(published.witnesses[name], tz=dt.UTC))
        witnesses.append({"name": name, "url": urls.get(name, ""), "reachable": name not in down,
                          "size": seen.size if seen else None,
                          "last_cosigned_at": max(times) if times else None})
    last_run = MonitorCheckpoint.objects.order_by("-observed_at").values_list("observed_at", flat=True).first()
    return {
        "size": signed.size if signed else 0,
        "signed_at": signed.signed_at if signed else None,
        "published_size": published.size if published else 0,
        "published_at": published.published_at if published else None,
        "pending": Registration.objects.filter(log_entry__isnull=True).count(),
        "per_org": per_org,
        "witnesses": witnesses,
        "quorum": quorum,
        "policy_error": policy_error,
        "open_alerts": open_alerts,
        "last_observed_at": last_run,
    }


# --- ledger status for other apps ------------------------------------------------------

def ledger_status_for_sha256(sha256_hex: str) -> dict | None:
    """Whether a file with this SHA-256 is on the evidence ledger, for other apps' pages.

    None when no department registered it (or the argument is not a SHA-256 hex digest).
    Otherwise a dict: number, registered_at, org_code, org_name, index (None while
    pending), included (True only when the entry is covered by a published checkpoint,
    i.e. one carrying the witness quorum of the trust policy), registrations (how many
    departments registered this file). Of several registrations the earliest included
    one is described, else the earliest. The ledger is public, so no permission check.
    """
    import re

    digest = (sha256_hex or "").strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        return None
    regs = list(Registration.objects.filter(content_sha256=digest).select_related("org", "log_entry")
                .order_by("registered_at", "id"))
    if not regs:
        return None
    published = latest_published_checkpoint()
    published_size = published.size if published else 0

    def index_of(reg):
        entry = getattr(reg, "log_entry", None)
        return entry.index if entry is not None else None

    included = [r for r in regs if index_of(r) is not None and index_of(r) < published_size]
    reg = included[0] if included else regs[0]
    return {"number": reg.number, "registered_at": reg.registered_at, "org_code": reg.org.code,
            "org_name": reg.org.name, "index": index_of(reg), "included": bool(included),
            "registrations": len(regs)}
