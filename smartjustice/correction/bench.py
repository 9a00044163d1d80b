"""`make bench-checkin`: the location-report endpoint under a production-style server.

Runs granian (the production server, ADR 0008: Rust HTTP, the WSGI application in worker
threads) against PostgreSQL and drives POST /api/v1/correction/location-reports from an asyncio
load generator on loopback (keep-alive connections, token authentication), with BENCH_SUBJECTS
subjects (default 2,000) and BENCH_POLYGONS geofence polygons (default 1,000: the county fence
and 999 restricted zones, all applying to every subject). Each accepted report (201) is
committed to the database and checked against every fence before the answer; the run ends by
counting the stored rows.

A warm-up sends one report per subject (the day's first report, i.e. its passive check-in, and
the connections and caches), so that the measured run is a day under way; then BENCH_REPORTS
reports from randomly chosen subjects are timed.

Prints reports accepted per second and p50/p99 latency. Uses its own database
(BENCH_DATABASE_URL, default .../smartjustice_bench_corr), created and migrated when missing;
it empties only the correction tables and the bench's own users there.
Knobs: BENCH_REPORTS (20,000), BENCH_CONCURRENCY (32), BENCH_WORKERS (2), BENCH_THREADS (4),
BENCH_SERVER (granian; `gunicorn` with BENCH_WORKER_CLASS, default gthread, when installed).
The endpoint takes the WSGI ingest (correction/ingest.py, ADR 0007): token lookup cached per
worker, one prepared INSERT for a report from which nothing derives.
"""
import asyncio
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/smartjustice_bench_corr")
SUBJECTS = int(os.environ.get("BENCH_SUBJECTS", "2000"))
POLYGONS = int(os.environ.get("BENCH_POLYGONS", "1000"))
REPORTS = int(os.environ.get("BENCH_REPORTS", "20000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "32"))
# One worker process per core (ADR 0008 has the measurements of 2 x 2, 2 x 4, 2 x 8, 3 x 4).
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")
SERVER = os.environ.get("BENCH_SERVER", "granian")
COUNTY = (30.50, 30.80, 120.35, 120.70)  # lat min/max, lon min/max
PATH = "/api/v1/correction/location-reports"


def _ensure_database():
    import psycopg

    name = BENCH_URL.rsplit("/", 1)[1]
    admin = BENCH_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _setup():
    os.environ["DATABASE_URL"] = BENCH_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    _ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _hexagon(lat, lon, radius_deg):
    import math

    return [[round(lat + radius_deg * math.sin(a), 6), round(lon + radius_deg * math.cos(a) / 0.86, 6)]
            for a in (i * math.pi / 3 for i in range(6))]


def _seed() -> list[str]:
    """Fresh bench data; returns the subjects' API tokens."""
    from django.db import connection, transaction
    from rest_framework.authtoken.models import Token

    from smartjustice.accounts import crypto
    from smartjustice.accounts.identity import mask_identity, resident_id_check_char
    from smartjustice.accounts.models import User
    from smartjustice.correction import geo
    from smartjustice.correction.models import Geofence, Subject
    from smartjustice.orgs.choices import Kind, Level
    from smartjustice.orgs.models import Organisation

    correction_tables = [m._meta.db_table for m in __import__("django.apps").apps.apps.get_app_config("correction").get_models()]
    with connection.cursor() as cur:
        cur.execute("TRUNCATE " + ", ".join(correction_tables) + " CASCADE")
    Token.objects.filter(user__username__startswith="bench-").delete()
    User.objects.filter(username__startswith="bench-").delete()
    rng = random.Random(6)
    with transaction.atomic():
        province, _ = Organisation.objects.get_or_create(code="bench-province", defaults={
            "name": "基准省", "kind": Kind.JUSTICE_BUREAU, "level": Level.PROVINCE})
        county, _ = Organisation.objects.get_or_create(code="bench-county", defaults={
            "name": "基准县司法局", "kind": Kind.JUSTICE_BUREAU, "level": Level.COUNTY, "parent": province})
        office, _ = Organisation.objects.get_or_create(code="bench-office", defaults={
            "name": "基准司法所", "kind": Kind.JUDICIAL_OFFICE, "level": Level.TOWNSHIP, "parent": county})
        users = User.objects.bulk_create([User(username=f"bench-{i:05d}", real_name=f"基准对象{i}", password="!")
                                          for i in range(SUBJECTS)])
        tokens = Token.objects.bulk_create([Token(user=user, key=secrets.token_hex(20)) for user in users])
        subjects = []
        for i, user in enumerate(users):
            body = f"330483198{i % 10}0101{i % 1000:03d}"
            number = body + resident_id_check_char(body)
            subjects.append(Subject(
                org=office, user=user, subject_type="probation", status="in_correction", real_name=user.real_name,
                sex="male", birth_date="1980-01-01", id_number_ciphertext=crypto.encrypt(number),
                id_number_hash=crypto.keyed_hash(number + str(i)), id_number_masked=mask_identity(number),
                residence_address="基准县", decision_organ="基准县人民法院", decision_organ_kind="court",
                decision_document_number=f"基准{i}", effective_on="2026-01-01", crime_type="危险驾驶罪",
                principal_penalty="fixed_term", sentence_months=12, probation_months=24,
                correction_starts_on="2026-01-01", correction_ends_on="2027-12-31",
                period_citation="《刑法》第七十三条第二款、第三款", period_rule="bench"))
        Subject.objects.bulk_create(subjects, batch_size=500)
        lat0, lat1, lon0, lon1 = COUNTY
        ring = [[lat0, lon0], [lat0, lon1], [lat1, lon1], [lat1, lon0]]
        fences = [Geofence(org=county, county=county, kind="county", shape="polygon", name="基准县", polygon=ring,
                           min_lat=lat0, max_lat=lat1, min_lon=lon0, max_lon=lon1)]
        for i in range(POLYGONS - 1):
            hexagon = _hexagon(rng.uniform(lat0, lat1), rng.uniform(lon0, lon1), 0.001)
            bbox = geo.polygon_bbox(hexagon)
            fences.append(Geofence(org=county, county=county, kind="admin_zone", shape="polygon", name=f"管控区{i}",
                                   polygon=hexagon, min_lat=bbox[0], max_lat=bbox[1], min_lon=bbox[2], max_lon=bbox[3]))
        Geofence.objects.bulk_create(fences, batch_size=500)
    return [token.key for token in tokens]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_command(port: int) -> list[str]:
    bindir = Path(sys.executable).parent
    if SERVER == "granian":
        return [str(bindir / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
                "--workers", str(WORKERS), "--blocking-threads", str(THREADS), "--runtime-threads", "1",
                "--log-level", "warning", "--no-ws", "config.wsgi:application"]
    if not (bindir / "gunicorn").exists():
        raise SystemExit("BENCH_SERVER=gunicorn needs gunicorn: .venv/bin/pip install gunicorn")
    return [str(bindir / "gunicorn"), "config.wsgi:application", "-k", WORKER_CLASS, "-w", str(WORKERS),
            "--threads", str(THREADS), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--keep-alive", "30"]


def _start_server(port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": BENCH_URL, "DATABASE_CONN_MAX_AGE": "600", "DEBUG": "0",
           "SMARTJUSTICE_ENV": "dev", "PYTHONWARNINGS": "ignore::UserWarning"}
    process = subprocess.Popen(_server_command(port), env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"{SERVER} did not start")


def _request(token: str, rng: random.Random) -> bytes:
    lat0, lat1, lon0, lon1 = COUNTY
    if rng.random() < 0.01:  # one report in a hundred from outside the county
        lat, lon = 30.27, 120.15
    else:
        lat, lon = rng.uniform(lat0 + 0.01, lat1 - 0.01), rng.uniform(lon0 + 0.01, lon1 - 0.01)
    body = json.dumps({"latitude": round(lat, 6), "longitude": round(lon, 6), "accuracy_m": 20,
                       "client_id": str(uuid.uuid4()), "source": "app"}).encode()
    return (f"POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n"
            ).encode() + body


async def _read_response(reader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = 0
    closing = False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "connection" and value.strip().lower() == "close":
            closing = True
    if length:
        await reader.readexactly(length)
    return status if not closing else -status


async def _drive(port: int, tokens: list[str], total: int, concurrency: int, *, each_once: bool = False):
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counter = iter(range(total))
    rng = random.Random(42)

    async def worker():
        reader = writer = None
        for i in counter:
            token = tokens[i % len(tokens)] if each_once else tokens[rng.randrange(len(tokens))]
            payload = _request(token, rng)
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            started = time.perf_counter()
            writer.write(payload)
            status = await _read_response(reader)
            latencies.append(time.perf_counter() - started)
            if status < 0:
                writer.close()
                reader = writer = None
                status = -status
            statuses[status] = statuses.get(status, 0) + 1
        if writer is not None:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - started, latencies, statuses


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    _setup()
    tokens = _seed()
    from smartjustice.correction.models import LocationReport

    port = _free_port()
    server = _start_server(port)
    try:
        # Warm-up: connections and caches, and one report per subject, so that the measured run is
        # a day under way (each subject's first report of the day, its passive check-in, is done;
        # in production that is one report in ~288 at one report per five minutes).
        asyncio.run(_drive(port, tokens, len(tokens), CONCURRENCY, each_once=True))
        warm = LocationReport.objects.count()
        elapsed, latencies, statuses = asyncio.run(_drive(port, tokens, REPORTS, CONCURRENCY))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    accepted = statuses.get(201, 0)
    stored = LocationReport.objects.count() - warm
    print(f"location reports: {REPORTS} sent, {CONCURRENCY} connections, {SERVER} {WORKERS} workers x {THREADS} threads, "
          f"{SUBJECTS} subjects, {POLYGONS} geofence polygons")
    print(f"accepted: {accepted} (statuses {dict(sorted(statuses.items()))}), stored rows: {stored}")
    print(f"throughput: {accepted / elapsed:.0f} reports/s accepted")
    print(f"latency: p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {_percentile(latencies, 0.99) * 1000:.1f} ms")
    if stored != accepted:
        raise SystemExit("stored rows differ from accepted reports")


if __name__ == "__main__":
    main()
