"""Writing the evidence ledger (法治联盟链, issue #5).

register_evidence / register_evidence_batch: validate, refuse duplicates (same file,
same department), store the registration with its canonical entry (entries.py) and
audit it, all in one transaction. The registration is then pending until sequenced.

sequence_pending: under a lock, checks the stored log against its latest signed
checkpoint (verify_log_integrity), appends a batch of pending registrations as log
entries, stores every newly completed subtree hash, and signs and stores the new
checkpoint — in ONE transaction. A crash before commit leaves the registrations
pending and nothing else (nothing lost); the signature exists only in the crashed
process's memory and is never disclosed before commit, and the next run re-sequences
from the committed state, so no two disclosed checkpoints can be inconsistent (no fork).
After commit the checkpoint is also written to LEDGER_HIGH_WATER_FILE, outside the
database, so a database restored to an older state is detected as a rollback.
"""
from __future__ import annotations

import base64
import contextvars
import logging
import os
import re
import secrets
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from smartjustice.audit import services as audit
from smartjustice.core import clock
from smartjustice.core.errors import PermissionDenied
from smartjustice.orgs.permissions import can

from . import keys, selectors
from .entries import EvidenceEntry, description_hash
from .errors import (
    DescriptionTooLong,
    DuplicateRegistration,
    InvalidCaseReference,
    InvalidContentHash,
    InvalidEvidenceType,
    LedgerIntegrityError,
)
from .models import EvidenceType, LogEntry, Registration, SequencerLock, SignedCheckpoint, TreeNode
from .tlog import merkle
from .tlog.checkpoint import format_checkpoint, parse_checkpoint
from .tlog.note import NoteError, open_note, sign_note, split_note

logger = logging.getLogger(__name__)
_HEX64 = re.compile(r"[0-9a-f]{64}\Z")
_CASE = re.compile(r"[^\x00-\x1f\x7f]{0,100}\Z")
_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


# --- registration ----------------------------------------------------------------------

def _new_number(now) -> str:
    return f"EV{now:%Y%m%d}-" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(8))


def _prepare(*, acting_user, org, content_sha256, evidence_type, case_reference, description, now):
    if acting_user is not None and not can(acting_user, "ledger.register", org):
        raise PermissionDenied()
    digest = (content_sha256 or "").strip().lower()
    if not _HEX64.match(digest):
        raise InvalidContentHash(field="content_sha256")
    if evidence_type not in EvidenceType.values:
        raise InvalidEvidenceType(field="evidence_type")
    case_reference = (case_reference or "").strip()
    if not _CASE.match(case_reference):
        raise InvalidCaseReference(field="case_reference")
    description = (description or "").strip()
    if len(description) > 2000:
        raise DescriptionTooLong(field="description")
    salt = secrets.token_bytes(16) if description else b""
    number = _new_number(now)
    entry = EvidenceEntry(
        number=number, content_sha256=digest, evidence_type=evidence_type, org_code=org.code,
        officer=str(acting_user.pk) if acting_user is not None else "-", case=case_reference,
        time=now, description_hash=description_hash(salt, description),
    ).encode()
    return Registration(
        number=number, content_sha256=digest, evidence_type=evidence_type, org=org,
        registered_by=acting_user, case_reference=case_reference, description=description,
        description_salt=salt, registered_at=now, entry=entry,
    )


def _refuse_duplicates(org, digests):
    existing = Registration.objects.filter(org=org, content_sha256__in=list(digests)).values_list(
        "content_sha256", "number").first()
    if existing:
        raise DuplicateRegistration(number=existing[1], field="content_sha256")


def register_evidence(*, acting_user, org, content_sha256: str, evidence_type: str,
                      case_reference: str = "", description: str = "") -> Registration:
    """Register one piece of evidence for `org`; it is pending until sequence_pending runs.

    `acting_user` None means a trusted system caller (the CLI bulk import). Raises
    PermissionDenied, InvalidContentHash, InvalidEvidenceType, InvalidCaseReference,
    DescriptionTooLong or DuplicateRegistration, and then changes nothing.
    """
    now = clock.now()
    reg = _prepare(acting_user=acting_user, org=org, content_sha256=content_sha256,
                   evidence_type=evidence_type, case_reference=case_reference,
                   description=description, now=now)
    try:
        with transaction.atomic():
            _refuse_duplicates(org, [reg.content_sha256])
            reg.save()
            audit.record("ledger.evidence.registered", actor=acting_user, obj=reg, org=org,
                         changes={"content_sha256": [None, reg.content_sha256],
                                  "evidence_type": [None, reg.evidence_type],
                                  "case_reference": [None, reg.case_reference]})
    except IntegrityError:
        # A concurrent registration of the same file won the unique constraint.
        _refuse_duplicates(org, [reg.content_sha256])
        raise
    _queue_sequencing(1)
    return reg


def register_evidence_batch(*, acting_user, org, items: list[dict]) -> list[Registration]:
    """Register many files for one department in one transaction (bulk import).

    All or nothing: any invalid item or duplicate (against the store or within the batch)
    raises and nothing is stored. One audit entry lists the registration numbers.
    """
    now = clock.now()
    regs = [_prepare(acting_user=acting_user, org=org, now=now, content_sha256=i["content_sha256"],
                     evidence_type=i["evidence_type"], case_reference=i.get("case_reference", ""),
                     description=i.get("description", "")) for i in items]
    digests = [r.content_sha256 for r in regs]
    if len(set(digests)) != len(digests):
        raise DuplicateRegistration(number="-", field="content_sha256")
    with transaction.atomic():
        _refuse_duplicates(org, digests)
        Registration.objects.bulk_create(regs, batch_size=2000)
        audit.record("ledger.evidence.registered_batch", actor=acting_user, org=org,
                     changes={"numbers": [None, [r.number for r in regs]]})
    _queue_sequencing(len(regs))
    return regs


# --- when to sequence --------------------------------------------------------------------

_deferred: contextvars.ContextVar[dict | None] = contextvars.ContextVar("ledger_deferred_sequencing", default=None)


def _queue_sequencing(count: int) -> None:
    """With LEDGER_SEQUENCE_ON_REGISTER, queue one sequencing run after the caller's commit,
    unless inside deferred_sequencing(), which runs one for all its registrations."""
    if not count:
        return
    state = _deferred.get()
    if state is not None:
        state["registered"] += count
        return
    if settings.LEDGER_SEQUENCE_ON_REGISTER:
        from .tasks import sequence_pending_task

        transaction.on_commit(sequence_pending_task.delay)


@contextmanager
def deferred_sequencing():
    """Register many files, sequence once (bulk imports, `smartjustice ledger register DIR`).

    Inside the block, register_evidence and register_evidence_batch queue no sequencing
    run each; when the block ends without an exception and anything was registered, ONE
    run is queued after commit (if LEDGER_SEQUENCE_ON_REGISTER), and sequence_pending_task
    drains the pending registrations in LEDGER_BATCH_SIZE batches. On an exception the
    registrations already committed stay pending for the next beat run: nothing is lost.
    Yields a dict whose "registered" counts the registrations made inside.
    """
    state = {"registered": 0}
    token = _deferred.set(state)
    try:
        yield state
    finally:
        _deferred.reset(token)
    _queue_sequencing(state["registered"])


# --- integrity -------------------------------------------------------------------------

def _fail(detail: str):
    logger.error("ledger integrity check failed: %s", detail)
    raise LedgerIntegrityError(detail=detail)


def _check_signed(cp: SignedCheckpoint) -> None:
    try:
        open_note(cp.note, [keys.log_signer().verifier()])
        text, _ = split_note(cp.note)
        parsed = parse_checkpoint(text)
    except NoteError as exc:
        _fail(f"checkpoint {cp.size} does not verify under the log key ({exc})")
    if (parsed.origin, parsed.size, parsed.root) != (settings.LEDGER_ORIGIN, cp.size, bytes(cp.root)):
        _fail(f"checkpoint {cp.size} columns differ from its signed text")


def _read_high_water():
    path = Path(settings.LEDGER_HIGH_WATER_FILE)
    if not path.exists():
        return None
    text = path.read_text()
    try:
        open_note(text, [keys.log_signer().verifier()])
        return parse_checkpoint(split_note(text)[0])
    except NoteError as exc:
        _fail(f"high-water checkpoint file does not verify ({exc})")


def verify_log_integrity(*, full: bool = False) -> int:
    """Check the stored log against the latest signed checkpoint; return its size.

    Always: the latest checkpoint verifies under the log key; no entry or node lies
    beyond it; the root recomputed from the stored subtree hashes equals its root; the
    high-water checkpoint kept outside the database is not ahead of it and agrees with
    it (else: rollback or fork). With full=True also: entries are contiguous, every
    leaf hash is H(0x00 || entry) and matches its registration, every stored node is
    recomputed from the leaves, and every stored checkpoint verifies and matches.
    Raises LedgerIntegrityError on the first mismatch.
    """
    latest = selectors.latest_signed_checkpoint()
    size = latest.size if latest else 0
    if latest:
        _check_signed(latest)
    if LogEntry.objects.filter(index__gte=size).exists():
        _fail("entries beyond the latest signed checkpoint")
    if size and not LogEntry.objects.filter(index=size - 1).exists():
        _fail("the last signed entry is missing")
    high_water = _read_high_water()
    if high_water is not None:
        if high_water.origin != settings.LEDGER_ORIGIN:
            _fail("high-water checkpoint is for another origin")
        if high_water.size > size:
            _fail(f"rollback: the log had signed size {high_water.size}, the database holds {size}")
    if latest:
        try:
            root = selectors.root_at(size)
        except Exception:  # noqa: BLE001 - a missing node is itself the finding
            _fail("tree nodes needed for the root are missing")
        if root != bytes(latest.root):
            _fail("the stored tree's root differs from the signed checkpoint")
        if high_water is not None and high_water.size and selectors.root_at(high_water.size) != high_water.root:
            _fail("fork: the stored tree disagrees with the high-water checkpoint")
    if full:
        _verify_everything(size)
    return size


def _verify_everything(size: int) -> None:
    tree = merkle.MemoryTree()
    expected = 0
    rows = LogEntry.objects.order_by("index").values_list("index", "entry", "leaf_hash", "registration__entry")
    for index, entry, leaf, reg_entry in rows.iterator(chunk_size=5000):
        if index != expected:
            _fail(f"entry {expected} is missing")
        entry, leaf = bytes(entry), bytes(leaf)
        if merkle.leaf_hash(entry) != leaf:
            _fail(f"entry {index} does not hash to its stored leaf")
        if bytes(reg_entry) != entry:
            _fail(f"entry {index} differs from its registration")
        tree.append_hash(leaf)
        expected += 1
    if expected != size:
        _fail(f"{expected} entries stored, checkpoint says {size}")
    count = 0
    for level, index, h in TreeNode.objects.values_list("level", "index", "hash").iterator(chunk_size=5000):
        if level >= len(tree.levels) or index >= len(tree.levels[level]) or tree.levels[level][index] != bytes(h):
            _fail(f"tree node ({level}, {index}) is wrong")
        count += 1
    if count != sum(len(lv) for lv in tree.levels):
        _fail("tree nodes are missing")
    for cp in SignedCheckpoint.objects.order_by("size").iterator():
        _check_signed(cp)
        if tree.root(cp.size) != bytes(cp.root):
            _fail(f"checkpoint {cp.size} does not match the stored tree")


# --- sequencing ------------------------------------------------------------------------

def _write_high_water(note: str) -> None:
    path = Path(settings.LEDGER_HIGH_WATER_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    current = _read_high_water()
    new_size = parse_checkpoint(split_note(note)[0]).size
    if current is not None and current.size >= new_size:
        return
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w") as fh:
        fh.write(note)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def sequence_pending(*, batch_size: int | None = None) -> SignedCheckpoint | None:
    """Integrate up to `batch_size` pending registrations and sign a checkpoint.

    Returns the new SignedCheckpoint, or None when nothing was pending (the empty tree
    is signed once, on the first run). Refuses with LedgerIntegrityError if the stored
    log does not match its latest signed checkpoint.
    """
    batch_size = batch_size or settings.LEDGER_BATCH_SIZE
    signer = keys.log_signer()
    with transaction.atomic():
        SequencerLock.objects.get_or_create(pk=1)
        SequencerLock.objects.select_for_update().get(pk=1)
        size = verify_log_integrity()
        has_checkpoint = size > 0 or SignedCheckpoint.objects.exists()
        pending = list(Registration.objects.filter(log_entry__isnull=True).order_by("id")
                       .values_list("id", "entry")[:batch_size])
        if not pending and has_checkpoint:
            return None
        nodes = selectors.fetch_nodes(set(merkle.perfect_decomposition(0, size))) if size else {}
        new_entries, new_nodes = [], []
        for offset, (reg_id, entry) in enumerate(pending):
            index = size + offset
            entry = bytes(entry)
            leaf = merkle.leaf_hash(entry)
            new_entries.append(LogEntry(index=index, registration_id=reg_id, entry=entry, leaf_hash=leaf))
            nodes[(0, index)] = leaf
            new_nodes.append(TreeNode(level=0, index=index, hash=leaf))
            level, i = 0, index
            while i % 2 == 1:  # a right child completes its parent
                parent = merkle.node_hash(nodes[(level, i - 1)], nodes[(level, i)])
                level, i = level + 1, i // 2
                nodes[(level, i)] = parent
                new_nodes.append(TreeNode(level=level, index=i, hash=parent))
        new_size = size + len(pending)
        root = merkle.hash_range(0, new_size, nodes) if new_size else merkle.EMPTY_ROOT
        note = sign_note(format_checkpoint(settings.LEDGER_ORIGIN, new_size, root), [signer])
        LogEntry.objects.bulk_create(new_entries, batch_size=2000)
        TreeNode.objects.bulk_create(new_nodes, batch_size=4000)
        cp = SignedCheckpoint(size=new_size, root=root, note=note, signed_at=clock.now())
        cp.save()
        audit.record("ledger.checkpoint.signed", obj=cp,
                     changes={"size": [size, new_size], "root": [None, base64.b64encode(root).decode()]})
        transaction.on_commit(lambda: _write_high_water(note))
        transaction.on_commit(_after_checkpoint)
    return cp


def _after_checkpoint() -> None:
    """Ask the witnesses to cosign the new checkpoint (witnessing.publish_latest)."""
    from .tasks import publish_checkpoint_task

    publish_checkpoint_task.delay()
