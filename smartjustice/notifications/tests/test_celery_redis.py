"""A real Celery worker with Redis as the broker (runs only when REDIS_URL is set):

REDIS_URL=redis://127.0.0.1:6379/15 DATABASE_URL=postgres://... pytest smartjustice/notifications
"""
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from smartjustice.notifications import services
from smartjustice.notifications.models import Delivery

pytestmark = [
    pytest.mark.celery_redis,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs a Redis broker: set REDIS_URL"),
]


@pytest.fixture
def redis_worker():
    """The project's Celery app, not eager, consuming a queue private to this test (other
    test runs may share the Redis database)."""
    from config.celery import app

    queue = f"sj-test-notifications-{uuid.uuid4().hex}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "task_routes")}
    app.conf.task_always_eager = False
    app.conf.broker_url = settings.REDIS_URL
    app.conf.task_routes = {"notifications.*": {"queue": queue}}
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, queues=[queue],
                          shutdown_timeout=10):
            yield app
    finally:
        for key, value in saved.items():
            app.conf[key] = value
        app.amqp.flush_routes()
        app.amqp.__dict__.pop("router", None)


def test_a_delivery_queued_on_commit_is_sent_by_the_worker(transactional_db, redis_worker, make_user, caplog):
    person = make_user(mobile="13800138000")

    notification = services.notify(person, title="开庭提醒", body="明日九时开庭。", kind="test.worker")

    delivery = Delivery.objects.get(notification=notification)
    deadline = time.monotonic() + 20
    while delivery.status == Delivery.Status.PENDING and time.monotonic() < deadline:
        time.sleep(0.2)
        delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)
    assert delivery.provider_message_id.startswith("log-")
