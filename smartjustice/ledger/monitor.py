"""The ledger monitor (issue #5 §6, LEDGER.md §7 "Gossip/monitoring").

`run_monitor()` (Celery task "ledger.monitor", on the beat every LEDGER_MONITOR_INTERVAL
seconds) fetches:
  * the log's latest signed checkpoint and its latest published (cosigned) checkpoint,
    read from the log's store, and
  * each policy witness's latest cosigned checkpoint from its C2SP tlog-witness
    monitoring endpoint `GET <witness url>/<hex(H(origin))>/checkpoint`.

Guarantees, for every fetched checkpoint:
  * signatures: the log's signature verifies under the log key pinned in the trust
    policy (not the key the log currently uses), and a witness's note carries a valid
    cosignature from that witness's policy key; a bad or missing one is a `bad_signature`
    alert and the checkpoint is not trusted further;
  * rollback: a source never goes back to a smaller tree than the monitor stored for it,
    and a witness that once served a checkpoint never again serves none;
  * fork: it is consistent with the largest checkpoint the monitor has stored from any
    source (same size ⇒ same root; otherwise an RFC 9162 consistency proof between the
    two, fetched from the log, must verify). A failed proof is a `fork`; a log that
    cannot prove consistency up to a size it signed before has rolled back;
  * only a checkpoint that passed all of these is stored (MonitorCheckpoint,
    append-only), so the stored history is itself consistent.
A witness that does not answer is a `health` alert (`unreachable`), closed automatically
when it answers again. Every other finding is `misbehaviour` and stays open. A new alert
is stored, audited and notified (smartjustice.notifications.services.notify) to every
user who may "ledger.monitor" the log operator's organisation (LEDGER_OPERATOR_ORG), in
one transaction; an alert already open for the same source and finding is not raised
again, so a persisting fault notifies once.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from smartjustice.audit import services as audit
from smartjustice.core import clock

from . import proofs, selectors, witnessing
from .errors import ProofRequestInvalid
from .models import MonitorAlert, MonitorCheckpoint
from .tlog import merkle
from .tlog.checkpoint import Checkpoint, parse_checkpoint
from .tlog.cosignature import CosignatureVerifier
from .tlog.note import NoteError, open_note, split_note

logger = logging.getLogger(__name__)
PUBLISHED = "published"
Kind, Code = MonitorAlert.Kind, MonitorAlert.Code


class Finding(Exception):
    def __init__(self, kind: str, code: str, detail: str, evidence: str = ""):
        super().__init__(detail)
        self.kind, self.code, self.detail, self.evidence = kind, code, detail, evidence


@dataclass
class MonitorReport:
    """What one run saw: the size per source (None: nothing verified) and new alerts."""

    sizes: dict[str, int | None] = field(default_factory=dict)
    alerts: list[MonitorAlert] = field(default_factory=list)


# --- fetching and verifying ------------------------------------------------------------------

def origin_hash(origin: str) -> str:
    return hashlib.sha256(origin.encode()).hexdigest()


def fetch_witness_checkpoint(url: str) -> str | None:
    """The witness's latest cosigned checkpoint, None if it has none (404).

    Raises OSError when the witness cannot be reached or answers with another status.
    """
    target = f"{url.rstrip('/')}/{origin_hash(settings.LEDGER_ORIGIN)}/checkpoint"
    try:
        with urllib.request.urlopen(target, timeout=settings.LEDGER_WITNESS_TIMEOUT) as resp:
            return resp.read(64 * 1024).decode("utf-8")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise OSError(f"HTTP {exc.code}") from None
    except UnicodeDecodeError:
        raise OSError("the checkpoint is not UTF-8") from None


def _verify_log_signed(note: str, policy) -> Checkpoint:
    try:
        log = policy.log_for(settings.LEDGER_ORIGIN)
        open_note(note, [log])
        cp = parse_checkpoint(split_note(note)[0])
    except NoteError as exc:
        raise Finding(Kind.MISBEHAVIOUR, Code.BAD_SIGNATURE,
                      f"checkpoint does not verify under the pinned log key: {exc}", note) from None
    if cp.origin != settings.LEDGER_ORIGIN:
        raise Finding(Kind.MISBEHAVIOUR, Code.BAD_SIGNATURE, f"checkpoint for another origin {cp.origin}", note)
    return cp


def _verify_cosigned(note: str, policy, witness: str) -> tuple[Checkpoint, dt.datetime]:
    cp = _verify_log_signed(note, policy)
    v = policy.witnesses[witness]
    fresh = CosignatureVerifier(v.name, v.key_material)
    try:
        open_note(note, [policy.log_for(cp.origin), fresh])
    except NoteError as exc:
        raise Finding(Kind.MISBEHAVIOUR, Code.BAD_SIGNATURE, f"cosignature does not verify: {exc}", note) from None
    if fresh.last_timestamp is None:
        raise Finding(Kind.MISBEHAVIOUR, Code.BAD_SIGNATURE, "the witness's checkpoint carries no cosignature of its key", note)
    return cp, dt.datetime.fromtimestamp(fresh.last_timestamp, tz=dt.UTC)


# --- consistency -------------------------------------------------------------------------------

def _consistent(small_size, small_root, big_size, big_root, small_note, big_note) -> None:
    """Raise a Finding unless the two trees are consistent (one extends the other)."""
    evidence = small_note + "\n" + big_note
    if small_size == big_size:
        if small_root != big_root:
            raise Finding(Kind.MISBEHAVIOUR, Code.FORK,
                          f"two checkpoints of size {big_size} with different roots", evidence)
        return
    if small_size == 0:
        if small_root != merkle.EMPTY_ROOT:
            raise Finding(Kind.MISBEHAVIOUR, Code.FORK, "an empty tree with a non-empty root", evidence)
        return
    try:
        proof = selectors.consistency_proof(small_size, big_size)
        merkle.verify_consistency(small_size, big_size, small_root, big_root, proof)
    except ProofRequestInvalid as exc:
        raise Finding(Kind.MISBEHAVIOUR, Code.ROLLBACK,
                      f"the log cannot prove size {small_size} → {big_size}, which was signed: {exc}", evidence) from None
    except merkle.ProofError as exc:
        raise Finding(Kind.MISBEHAVIOUR, Code.FORK,
                      f"checkpoints {small_size} and {big_size} are not consistent: {exc}", evidence) from None


def _check_and_store(source: str, cp: Checkpoint, note: str, cosigned_at=None) -> None:
    own = MonitorCheckpoint.objects.filter(source=source).order_by("-size").first()
    if own is not None and cp.size < own.size:
        raise Finding(Kind.MISBEHAVIOUR, Code.ROLLBACK,
                      f"{source} went back from size {own.size} to {cp.size}", own.note + "\n" + note)
    head = MonitorCheckpoint.objects.order_by("-size", "id").first()
    if head is not None:
        pair = sorted([(cp.size, cp.root, note), (head.size, bytes(head.root), head.note)], key=lambda t: t[0])
        _consistent(*pair[0][:2], *pair[1][:2], pair[0][2], pair[1][2])
    if own is None or cp.size > own.size:
        try:
            with transaction.atomic():
                MonitorCheckpoint(source=source, size=cp.size, root=cp.root, note=note, cosigned_at=cosigned_at,
                                  observed_at=clock.now()).save()
        except IntegrityError:
            pass  # a concurrent run stored this size first; the next run compares against it


# --- alerts ------------------------------------------------------------------------------------

def operator_org():
    from smartjustice.orgs.models import Organisation

    code = getattr(settings, "LEDGER_OPERATOR_ORG", "") or settings.LEDGER_DEFAULT_ORG
    return Organisation.objects.filter(code=code, is_active=True).first()


def raise_alert(source: str, finding: Finding) -> MonitorAlert | None:
    """Store, audit and notify a new alert; None when the same one is already open."""
    from smartjustice.notifications.services import notify

    org = operator_org()
    with transaction.atomic():
        if MonitorAlert.objects.select_for_update().filter(source=source, code=finding.code,
                                                           resolved_at__isnull=True).exists():
            return None
        alert = MonitorAlert.objects.create(kind=finding.kind, code=finding.code, source=source,
                                            detail=finding.detail[:2000], evidence=finding.evidence[:20000],
                                            raised_at=clock.now())
        audit.record("ledger.monitor.alert_raised", obj=alert, org=org,
                     changes={"kind": [None, alert.kind], "code": [None, alert.code], "source": [None, source]})
        recipients = selectors.monitor_recipients(org) if org is not None else []
        for user in recipients:
            with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
                title = (_("Evidence ledger: misbehaviour detected (%(source)s)") if alert.kind == Kind.MISBEHAVIOUR
                         else _("Evidence ledger: witness %(source)s unreachable")) % {"source": source}
                notify(user, title=title, body=f"{alert.get_code_display()}: {alert.detail}",
                       kind=f"ledger.monitor.{alert.code}", link="/ledger/status", org=org)
    logger.log(logging.CRITICAL if finding.kind == Kind.MISBEHAVIOUR else logging.WARNING,
               "ledger monitor: %s %s: %s", source, finding.code, finding.detail)
    return alert


def _resolve_health(source: str) -> None:
    with transaction.atomic():
        for alert in MonitorAlert.objects.select_for_update().filter(
                source=source, kind=Kind.HEALTH, resolved_at__isnull=True):
            alert.resolved_at = clock.now()
            alert.save(update_fields=["resolved_at"])
            audit.record("ledger.monitor.alert_resolved", obj=alert, org=operator_org(),
                         changes={"resolved_at": [None, alert.resolved_at.isoformat()]})


# --- the run -----------------------------------------------------------------------------------

def _vanished(source: str) -> None:
    """A source that once served a checkpoint and now serves none has rolled back."""
    own = MonitorCheckpoint.objects.filter(source=source).order_by("-size").first()
    if own is not None:
        raise Finding(Kind.MISBEHAVIOUR, Code.ROLLBACK,
                      f"{source} no longer serves a checkpoint (it had size {own.size})", own.note)


def _observe(report: MonitorReport, source: str, step) -> None:
    try:
        report.sizes[source] = step()
    except Finding as finding:
        report.sizes[source] = None
        alert = raise_alert(source, finding)
        if alert is not None:
            report.alerts.append(alert)


def run_monitor() -> MonitorReport:
    """Fetch, verify and cross-check every checkpoint; raise alerts. See the module docstring."""
    report = MonitorReport()
    policy = proofs.policy()

    def log_step():
        signed = selectors.latest_signed_checkpoint()
        if signed is None:
            return _vanished(MonitorCheckpoint.LOG)
        cp = _verify_log_signed(signed.note, policy)
        _check_and_store(MonitorCheckpoint.LOG, cp, signed.note)
        return cp.size

    def published_step():
        published = selectors.latest_published_checkpoint()
        if published is None:
            return _vanished(PUBLISHED)
        try:
            verified = policy.verify_checkpoint(published.note, origin=settings.LEDGER_ORIGIN)
        except NoteError as exc:
            raise Finding(Kind.MISBEHAVIOUR, Code.BAD_SIGNATURE,
                          f"published checkpoint does not satisfy the trust policy: {exc}", published.note) from None
        _check_and_store(PUBLISHED, verified.checkpoint, published.note)
        return verified.checkpoint.size

    _observe(report, MonitorCheckpoint.LOG, log_step)
    _observe(report, PUBLISHED, published_step)

    urls = {name: url for name, url in witnessing.witness_urls(policy).items() if name in policy.witnesses}
    with ThreadPoolExecutor(max_workers=max(1, len(urls))) as pool:
        fetched = {name: pool.submit(fetch_witness_checkpoint, url) for name, url in urls.items()}
    for name, future in fetched.items():
        def witness_step(name=name, future=future):
            try:
                note = future.result()
            except (OSError, ValueError) as exc:
                raise Finding(Kind.HEALTH, Code.UNREACHABLE, f"{urls[name]}: {exc}") from None
            _resolve_health(name)
            if note is None:
                return _vanished(name)
            cp, cosigned_at = _verify_cosigned(note, policy, name)
            _check_and_store(name, cp, note, cosigned_at)
            return cp.size

        _observe(report, name, witness_step)
    return report
