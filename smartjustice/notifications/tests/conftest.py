"""Fixtures for the notification tests: inline Celery, and a real HTTP SMS gateway on 127.0.0.1."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from smartjustice.orgs.choices import Role


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def celery_inline(request):
    """Run tasks in-process, whatever REDIS_URL says, except in the real-worker test."""
    from config.celery import app

    if request.node.get_closest_marker("celery_redis"):
        yield
        return
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


class Gateway:
    """Records each request; answers from a script of (status, json body, delay seconds)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.script: list[tuple[int, dict, float]] = []
        self.default = (200, {"id": "gw-1"}, 0.0)
        self.lock = threading.Lock()
        self.url = ""

    def answer(self, status: int, body: dict | None = None, delay: float = 0.0) -> None:
        self.script.append((status, body or {}, delay))

    def next_answer(self):
        with self.lock:
            return self.script.pop(0) if self.script else self.default


@pytest.fixture
def sms_gateway():
    gateway = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with gateway.lock:
                gateway.requests.append({
                    "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                    "json": json.loads(raw.decode("utf-8")),
                })
            status, body, delay = gateway.next_answer()
            if delay:
                time.sleep(delay)
            payload = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout test)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_port}/v1/sms"
    yield gateway
    server.shutdown()
    server.server_close()


@pytest.fixture
def http_sms(settings, sms_gateway):
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = sms_gateway.url
    settings.SMS_HTTP_TOKEN = "gateway-token"
    settings.SMS_HTTP_TIMEOUT = 2.0
    return sms_gateway


@pytest.fixture
def citizen(make_user, org_tree):
    return make_user(Role.CITIZEN, org_tree["wutong"], mobile="13800138000", email="zhang@example.cn")


@pytest.fixture
def other_citizen(make_user, org_tree):
    return make_user(Role.CITIZEN, org_tree["wutong"], mobile="13900139000")
