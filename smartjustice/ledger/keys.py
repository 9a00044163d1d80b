"""The log's Ed25519 signing key (signed-note type 0x01, key name = LEDGER_ORIGIN).

Guarantees: the key is generated once, written with O_EXCL and mode 0600 so two
processes starting together cannot create two keys, and always read back from the file
afterwards; a key file whose name differs from LEDGER_ORIGIN is refused. In production
the file would be replaced by an HSM-backed signer with the same interface.
"""
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .tlog.note import Ed25519Signer

_cache: dict[tuple[str, float], Ed25519Signer] = {}


def _create(path: Path, origin: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    signer = Ed25519Signer.generate(origin)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process won the race; use its key
    with os.fdopen(fd, "w") as fh:
        fh.write(signer.skey + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    path.with_suffix(".vkey").write_text(signer.vkey + "\n")


def log_signer() -> Ed25519Signer:
    path = Path(settings.LEDGER_KEY_FILE)
    if not path.exists():
        _create(path, settings.LEDGER_ORIGIN)
    key = (str(path), path.stat().st_mtime)
    if key not in _cache:
        signer = Ed25519Signer.from_skey(path.read_text().strip())
        if signer.name != settings.LEDGER_ORIGIN:
            raise ImproperlyConfigured(
                f"ledger key {path} is for {signer.name}, not LEDGER_ORIGIN {settings.LEDGER_ORIGIN}")
        _cache[key] = signer
    return _cache[key]


def log_vkey() -> str:
    return log_signer().vkey
