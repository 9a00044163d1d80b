"""Trust policy (c2sp.org/tlog-policy style) and checkpoint verification against it.

Policy text, one statement per line ('#' starts a comment):
    log <vkey> [<url>]
    witness <name> <vkey> [<url>]
    group <name> <k|all|any> <member> [<member> ...]   (members: witnesses or earlier groups)
    quorum <group or witness name | none>

`Policy.verify_checkpoint` guarantees: the log's signature verifies under a policy log
key for the checkpoint's origin; every cosignature from a policy witness verifies (a
bad one rejects the whole checkpoint, as in note.open_note); and the verified witnesses
satisfy the quorum, else QuorumNotMet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .checkpoint import Checkpoint, parse_checkpoint
from .cosignature import CosignatureVerifier, cosignature_verifier
from .note import NoteError, Verifier, open_note, parse_vkey, split_note


class PolicyError(NoteError):
    code = "ledger.policy_invalid"


class UnknownOrigin(NoteError):
    code = "ledger.origin_unknown"


class LogSignatureMissing(NoteError):
    code = "ledger.log_signature_missing"


class QuorumNotMet(NoteError):
    code = "ledger.quorum_not_met"

    def __init__(self, verified: dict[str, int]):
        self.verified = verified
        super().__init__(f"witness quorum not met (verified: {', '.join(sorted(verified)) or 'none'})")


@dataclass
class Group:
    name: str
    threshold: int
    members: list[str]


@dataclass
class Policy:
    logs: list[Verifier] = field(default_factory=list)
    log_urls: dict[str, str] = field(default_factory=dict)
    witnesses: dict[str, CosignatureVerifier] = field(default_factory=dict)
    witness_urls: dict[str, str] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    quorum: str | None = None  # None: no witness needed ("quorum none")

    # --- parsing -----------------------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> Policy:
        p = cls()
        seen_quorum = False
        for lineno, raw in enumerate(text.splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            words = line.split()
            kw, args = words[0], words[1:]
            try:
                if kw == "log" and 1 <= len(args) <= 2:
                    v = parse_vkey(args[0])
                    p.logs.append(v)
                    if len(args) == 2:
                        p.log_urls[v.name] = args[1]
                elif kw == "witness" and 2 <= len(args) <= 3:
                    name = args[0]
                    if name in p.witnesses or name in p.groups:
                        raise PolicyError(f"duplicate name {name}")
                    p.witnesses[name] = cosignature_verifier(args[1])
                    if len(args) == 3:
                        p.witness_urls[name] = args[2]
                elif kw == "group" and len(args) >= 3:
                    name, k, members = args[0], args[1], args[2:]
                    if name in p.witnesses or name in p.groups:
                        raise PolicyError(f"duplicate name {name}")
                    for m in members:
                        if m not in p.witnesses and m not in p.groups:
                            raise PolicyError(f"unknown group member {m}")
                    if len(set(members)) != len(members):
                        raise PolicyError("duplicate group member")
                    if k == "all":
                        threshold = len(members)
                    elif k == "any":
                        threshold = 1
                    elif k.isdigit() and 1 <= int(k) <= len(members):
                        threshold = int(k)
                    else:
                        raise PolicyError(f"bad threshold {k}")
                    p.groups[name] = Group(name, threshold, members)
                elif kw == "quorum" and len(args) == 1 and not seen_quorum:
                    seen_quorum = True
                    if args[0] == "none":
                        p.quorum = None
                    elif args[0] in p.groups or args[0] in p.witnesses:
                        p.quorum = args[0]
                    else:
                        raise PolicyError(f"unknown quorum {args[0]}")
                else:
                    raise PolicyError(f"unrecognised statement {kw!r}")
            except NoteError as exc:
                raise PolicyError(f"policy line {lineno}: {exc}") from exc
        if not p.logs:
            raise PolicyError("policy names no log")
        if not seen_quorum:
            raise PolicyError("policy has no quorum line")
        return p

    # --- evaluation --------------------------------------------------------------
    def satisfied(self, verified: set[str], name: str | None = None) -> bool:
        name = self.quorum if name is None else name
        if name is None:
            return True
        if name in self.witnesses:
            return name in verified
        group = self.groups[name]
        return sum(self.satisfied(verified, m) for m in group.members) >= group.threshold

    def log_for(self, origin: str) -> Verifier:
        for v in self.logs:
            if v.name == origin:
                return v
        raise UnknownOrigin(f"no log in the policy for origin {origin}")

    def verify_checkpoint(self, signed: str, *, origin: str | None = None) -> VerifiedCheckpoint:
        text, _ = split_note(signed)
        cp = parse_checkpoint(text)
        if origin is not None and cp.origin != origin:
            raise UnknownOrigin(f"checkpoint origin {cp.origin} is not {origin}")
        log = self.log_for(cp.origin)
        # Fresh verifier objects so recorded timestamps belong to this call only.
        witnesses = {n: CosignatureVerifier(v.name, v.key_material) for n, v in self.witnesses.items()}
        note = open_note(signed, [log, *witnesses.values()])
        if not any(s.name == log.name and s.key_id == log.key_id for s in note.sigs):
            raise LogSignatureMissing("checkpoint is not signed by the log")
        verified = {n: v.last_timestamp for n, v in witnesses.items() if v.last_timestamp is not None}
        if not self.satisfied(set(verified)):
            raise QuorumNotMet(verified)
        return VerifiedCheckpoint(cp, text, verified)


@dataclass
class VerifiedCheckpoint:
    checkpoint: Checkpoint
    text: str
    witness_times: dict[str, int]
