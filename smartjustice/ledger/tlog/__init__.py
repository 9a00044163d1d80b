"""Transparency-log primitives for the evidence ledger (法治联盟链), free of Django.

Each module implements one public specification exactly as summarised in
shared/LEDGER.md: RFC 9162 §2.1 Merkle trees (merkle), C2SP signed-note (note),
tlog-checkpoint (checkpoint), tlog-cosignature (cosignature), tlog-tiles (tiles),
tlog-policy (policy) and the tlog-witness add-checkpoint state machine (witness_core).
"""
