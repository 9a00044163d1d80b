"""`smartjustice ledger register|sequence|check|export-proof|bundle|verify|policy|witness|keygen`.

  register FILE [--org CODE] [--case REF] [--type TYPE] [--description TEXT]
      hashes FILE and registers it (default organisation: LEDGER_DEFAULT_ORG, the demo
      bureau); prints {"number", "content_sha256"}.
  register PATH [PATH ...] (files and folders, folders walked recursively; bulk import)
      registers every file in chunks of 1000 and sequences ONCE at the end
      (services.deferred_sequencing); a file the department already registered, or the
      same content twice, is listed under "duplicates" with the existing number, not an
      error. Prints {"registered": [{"file", "number", "content_sha256"}], "duplicates": [...]}.
  sequence       integrates pending registrations and signs a checkpoint now.
  check [--quick]   verifies the whole stored log against its signed checkpoints.
  export-proof --index N [--old-size M]   prints the proof JSON (issue #5 §5).
  bundle --index N  prints a c2sp.org/tlog-proof@v1 bundle.
  verify FILE --proof PROOF [--checkpoint CP] [--policy POLICY]
      offline: checks FILE against a proof bundle (or export-proof JSON) and a policy.
  policy         prints the trust policy in force.
  keygen NAME --out KEYFILE   writes a new Ed25519 key (Go PRIVATE+KEY format) and prints its vkey.
  witness --key KEYFILE --listen HOST:PORT --state STATEFILE --log-vkey VKEY
      runs a tlog-witness add-checkpoint server (one per department).

Exit codes: 0 ok, 1 verification failed, 2 bad input, 3 the log failed its integrity check.
"""
import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from smartjustice.core.errors import DomainError, InvalidInput

from ... import proofs, services
from ...errors import LedgerIntegrityError
from ...tlog.note import NoteError
from ...tlog.policy import Policy
from ...tlog.proofbundle import file_sha256, verify_bundle


def _files(paths) -> list[Path]:
    """Regular files named or found (recursively, in name order) under the given folders."""
    out = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and not f.is_symlink()))
        else:
            out.append(p)
    return out


def fail(exc) -> CommandError:
    code = 3 if isinstance(exc, LedgerIntegrityError) else 2 if isinstance(exc, (InvalidInput, DomainError)) else 1
    return CommandError(str(exc), returncode=code)


class Command(BaseCommand):
    requires_system_checks: list = []
    help = _("Register evidence in the ledger, sequence it, export and verify proofs, run a witness.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reg = sub.add_parser("register")
        reg.add_argument("paths", nargs="+", metavar="PATH")
        reg.add_argument("--org", default=None)
        reg.add_argument("--case", default="")
        reg.add_argument("--type", default="electronic")
        reg.add_argument("--description", default="")
        sub.add_parser("sequence")
        check = sub.add_parser("check")
        check.add_argument("--quick", action="store_true")
        exp = sub.add_parser("export-proof")
        exp.add_argument("--index", type=int, required=True)
        exp.add_argument("--old-size", type=int, default=None)
        bun = sub.add_parser("bundle")
        bun.add_argument("--index", type=int, required=True)
        ver = sub.add_parser("verify")
        ver.add_argument("file")
        ver.add_argument("--proof", required=True)
        ver.add_argument("--checkpoint", default=None)
        ver.add_argument("--policy", default=None)
        sub.add_parser("policy")
        kg = sub.add_parser("keygen")
        kg.add_argument("name")
        kg.add_argument("--out", required=True)
        wit = sub.add_parser("witness")
        wit.add_argument("--key", required=True)
        wit.add_argument("--listen", required=True)
        wit.add_argument("--state", required=True)
        wit.add_argument("--log-vkey", required=True, action="append")

    def handle(self, *args, action, **o):
        try:
            getattr(self, "do_" + action.replace("-", "_"))(**o)
        except (DomainError, NoteError) as exc:
            raise fail(exc) from None

    def _print(self, data):
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def do_register(self, paths, org, case, type, description, **_o):
        from smartjustice.orgs.models import Organisation

        code = org or settings.LEDGER_DEFAULT_ORG
        organisation = Organisation.objects.filter(code=code, is_active=True).first()
        if organisation is None:
            raise CommandError(_("Unknown organisation %(code)s.") % {"code": code}, returncode=2)
        for p in paths:
            if not Path(p).is_file() and not Path(p).is_dir():
                raise CommandError(_("No such file: %(path)s") % {"path": p}, returncode=2)
        if len(paths) == 1 and Path(paths[0]).is_file():
            reg = services.register_evidence(acting_user=None, org=organisation,
                                             content_sha256=file_sha256(paths[0]), evidence_type=type,
                                             case_reference=case, description=description)
            return self._print({"number": reg.number, "content_sha256": reg.content_sha256})
        self._print(self._register_many(organisation, _files(paths), case=case, type=type, description=description))

    def _register_many(self, organisation, files, *, case, type, description, chunk=1000):
        from ...models import Registration

        registered, duplicates = [], []
        with services.deferred_sequencing():
            for start in range(0, len(files), chunk):
                part = [(str(f), file_sha256(f)) for f in files[start:start + chunk]]
                known = dict(Registration.objects.filter(org=organisation, content_sha256__in=[d for _f, d in part])
                             .values_list("content_sha256", "number"))
                fresh = []
                for name, digest in part:
                    if digest in known:
                        duplicates.append({"file": name, "number": known[digest], "content_sha256": digest})
                    else:
                        known[digest] = None  # a later file with the same content is a duplicate of this one
                        fresh.append((name, digest))
                regs = services.register_evidence_batch(acting_user=None, org=organisation, items=[
                    {"content_sha256": d, "evidence_type": type, "case_reference": case, "description": description}
                    for _n, d in fresh]) if fresh else []
                numbers = {}
                for (name, digest), reg in zip(fresh, regs, strict=True):
                    numbers[digest] = reg.number
                    registered.append({"file": name, "number": reg.number, "content_sha256": digest})
                for dup in duplicates:
                    if dup["number"] is None:
                        dup["number"] = numbers.get(dup["content_sha256"])
        return {"registered": registered, "duplicates": duplicates}

    def do_sequence(self, **_o):
        cp = services.sequence_pending()
        from ... import selectors

        latest = selectors.latest_signed_checkpoint()
        self._print({"size": latest.size if latest else 0, "new_checkpoint": cp is not None})

    def do_check(self, quick, **_o):
        size = services.verify_log_integrity(full=not quick)
        self._print({"ok": True, "size": size})

    def do_export_proof(self, index, old_size, **_o):
        self._print(proofs.export_proof(index, old_size))

    def do_bundle(self, index, **_o):
        self.stdout.write(proofs.export_bundle(index), ending="")

    def do_policy(self, **_o):
        self.stdout.write(proofs.policy_text(), ending="")

    def do_keygen(self, name, out, **_o):
        from ...tlog.note import Ed25519Signer

        signer = Ed25519Signer.generate(name)
        path = Path(out)
        if path.exists():
            raise CommandError(_("%(path)s already exists.") % {"path": out}, returncode=2)
        path.write_text(signer.skey + "\n")
        path.chmod(0o600)
        self.stdout.write(signer.vkey)

    def do_verify(self, file, proof, checkpoint, policy, **_o):
        policy_obj = Policy.parse(Path(policy).read_text()) if policy else proofs.policy()
        text = Path(proof).read_text()
        if text.lstrip().startswith("{"):
            text = proofs.bundle_from_json(json.loads(text))
        cp_text = Path(checkpoint).read_text() if checkpoint else None
        try:
            result = verify_bundle(text, policy_obj, file_sha256=file_sha256(file), checkpoint_note=cp_text)
        except (NoteError, ValueError) as exc:
            self.stderr.write(_("NOT VERIFIED: %(reason)s") % {"reason": exc})
            sys.exit(1)
        self._print({"verified": True, "index": result.index, "tree_size": result.size,
                     "witnesses": result.witness_times})

    def do_witness(self, key, listen, state, log_vkey, **_o):
        from ...witness_server import serve

        serve(key_file=key, listen=listen, state_file=state, log_vkeys=log_vkey)
