"""A department's witness: a small HTTP server speaking C2SP tlog-witness add-checkpoint.

Deliberately free of Django so each department can run it on its own machine with its
own key and nothing else:

    smartjustice ledger witness --key KEYFILE --listen HOST:PORT --state STATEFILE --log-vkey VKEY
    python -m smartjustice.ledger.witness_server (same options)

KEYFILE holds a Go-format Ed25519 private key (PRIVATE+KEY+<name>+<hex8>+<b64>), made
with `smartjustice ledger keygen`; the witness's cosignature key id uses type 0x04.
STATEFILE is a SQLite database holding one (size, root) per origin, updated by
compare-and-swap before any cosignature leaves the process (tlog/witness_core.py).
On start it prints "listening on HOST:PORT" (useful with port 0).

GET /<hex(H(origin))>/checkpoint is the tlog-witness monitoring endpoint: the latest
checkpoint this witness cosigned for that log (404 if none), for monitors and courts.
"""
from __future__ import annotations

import argparse
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .tlog.cosignature import CosignatureSigner
from .tlog.note import Ed25519Signer, parse_vkey
from .tlog.witness_core import SQLiteStore, Witness

MAX_BODY = 64 * 1024
_MONITOR_PATH = re.compile(r"/([0-9a-f]{64})/checkpoint\Z")


def build_witness(key_file: str, state_file: str, log_vkeys: list[str]) -> Witness:
    signer = CosignatureSigner(Ed25519Signer.from_skey(Path(key_file).read_text().strip()))
    logs: dict = {}
    for vkey in log_vkeys:
        v = parse_vkey(vkey)
        logs.setdefault(v.name, []).append(v)  # the log's key name is its origin
    return Witness(signer, logs, SQLiteStore(state_file))


def make_handler(witness: Witness):
    class Handler(BaseHTTPRequestHandler):
        server_version = "smartjustice-witness/1"

        def _reply(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8"):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):  # noqa: N802 - http.server naming
            if not self.path.endswith("/add-checkpoint"):
                return self._reply(404, b"not found\n")
            length = int(self.headers.get("Content-Length") or 0)
            if length <= 0 or length > MAX_BODY:
                return self._reply(400, b"bad request length\n")
            resp = witness.add_checkpoint(self.rfile.read(length))
            self._reply(resp.status, resp.body, resp.content_type)

        def do_GET(self):  # noqa: N802
            if self.path == "/vkey":
                return self._reply(200, (witness.signer.vkey + "\n").encode())
            match = _MONITOR_PATH.search(self.path)
            if match:
                note = witness.latest_cosigned(match.group(1))
                if note is not None:
                    return self._reply(200, note.encode())
            self._reply(404, b"not found\n")

        def log_message(self, fmt, *args):
            sys.stderr.write("witness: " + (fmt % args) + "\n")

    return Handler


def serve(*, key_file: str, listen: str, state_file: str, log_vkeys: list[str]) -> None:
    host, _, port = listen.rpartition(":")
    witness = build_witness(key_file, state_file, log_vkeys)
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), make_handler(witness))
    print(f"listening on {server.server_address[0]}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description="tlog-witness add-checkpoint server")
    p.add_argument("--key", required=True)
    p.add_argument("--listen", required=True)
    p.add_argument("--state", required=True)
    p.add_argument("--log-vkey", required=True, action="append")
    a = p.parse_args(argv)
    serve(key_file=a.key, listen=a.listen, state_file=a.state, log_vkeys=a.log_vkey)


if __name__ == "__main__":
    main()
