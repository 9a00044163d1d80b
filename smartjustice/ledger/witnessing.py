"""Collecting witness cosignatures and publishing the cosigned checkpoint (LEDGER.md §7).

`publish_latest` sends the latest signed checkpoint to every witness of the trust policy
(URLs from the policy's witness lines, overridden by settings.LEDGER_WITNESSES
"name=url" items) in parallel with a short timeout (LEDGER_WITNESS_TIMEOUT). A witness
answering 409 tells us the size it has; we retry once with a consistency proof from
there. A witness reporting a size larger than ours is evidence of a rollback and is
logged as an alert. The checkpoint is published (PublishedCheckpoint, audited) only when
the cosignatures verify and meet the policy quorum; otherwise nothing is stored and the
next run (beat every 10 s) tries again, so a down witness delays publication but never
registration or sequencing.
"""
from __future__ import annotations

import logging
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import transaction

from smartjustice.audit import services as audit
from smartjustice.core import clock

from . import proofs, selectors
from .models import PublishedCheckpoint
from .tlog.note import NoteError
from .tlog.witness_core import format_request

logger = logging.getLogger(__name__)


def witness_urls(policy) -> dict[str, str]:
    urls = dict(policy.witness_urls)
    for item in settings.LEDGER_WITNESSES:
        name, sep, url = item.partition("=")
        if sep and name in policy.witnesses:
            urls[name] = url
    return urls


def _post(url: str, body: bytes) -> tuple[int, bytes]:
    req = urllib.request.Request(url.rstrip("/") + "/add-checkpoint", data=body, method="POST",
                                 headers={"Content-Type": "text/plain"})
    try:
        with urllib.request.urlopen(req, timeout=settings.LEDGER_WITNESS_TIMEOUT) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _proof(old: int, size: int) -> list[bytes]:
    return selectors.consistency_proof(old, size) if 0 < old < size else []


def _send(name: str, url: str, body: bytes, size: int) -> tuple[str, int | None]:
    """("ok", line) / ("retry", their size) / ("fail", None); no database access (runs in threads)."""
    try:
        status, reply = _post(url, body)
    except (OSError, ValueError) as exc:
        logger.warning("ledger: witness %s unreachable: %s", name, exc)
        return "fail", None
    if status == 200:
        return "ok", reply.decode()
    if status == 409:
        try:
            their = int(reply.decode().strip())
        except ValueError:
            return "fail", None
        if their > size:
            logger.critical("ledger: witness %s has size %d, beyond ours (%d): rollback?", name, their, size)
            return "fail", None
        return "retry", their
    logger.warning("ledger: witness %s refused checkpoint %d: %s %s", name, size, status, reply[:200])
    return "fail", None


def collect_cosignatures(urls: dict[str, str], note: str, size: int, guess: int) -> list[str]:
    """Cosignature lines from every witness that answers in time (two rounds at most).

    Proofs are computed here, in the calling thread; only the HTTP calls run in parallel.
    """
    pending = {name: (guess if guess <= size else 0) for name in urls}
    lines: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, len(urls))) as pool:
        for _round in range(2):
            if not pending:
                break
            bodies = {old: format_request(old, _proof(old, size), note) for old in set(pending.values())}
            futures = {name: pool.submit(_send, name, urls[name], bodies[old], size) for name, old in pending.items()}
            pending = {}
            for name, fut in futures.items():
                outcome, value = fut.result()
                if outcome == "ok":
                    lines.append(value)
                elif outcome == "retry":
                    pending[name] = value
    return lines


def publish_latest() -> PublishedCheckpoint | None:
    """Cosign and publish the latest signed checkpoint if the policy is met; else None."""
    signed = selectors.latest_signed_checkpoint()
    if signed is None:
        return None
    published = selectors.latest_published_checkpoint()
    if published is not None and published.size >= signed.size:
        return None
    policy = proofs.policy()
    urls = witness_urls(policy)
    guess = published.size if published else 0
    lines = collect_cosignatures(urls, signed.note, signed.size, guess)
    cosigned = signed.note + "".join(lines)
    try:
        verified = policy.verify_checkpoint(cosigned, origin=settings.LEDGER_ORIGIN)
    except NoteError as exc:
        logger.warning("ledger: checkpoint %d not published yet: %s", signed.size, exc)
        return None
    with transaction.atomic():
        if PublishedCheckpoint.objects.filter(size__gte=signed.size).exists():
            return None
        cp = PublishedCheckpoint(size=signed.size, note=cosigned, witnesses=verified.witness_times,
                                 published_at=clock.now())
        cp.save()
        audit.record("ledger.checkpoint.published", obj=cp,
                     changes={"size": [guess, signed.size], "witnesses": [None, sorted(verified.witness_times)]})
    return cp
