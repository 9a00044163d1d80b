"""Two workers attempting the same delivery at once send it once (PostgreSQL row locks)."""
import threading

import pytest
from django.db import connection, connections

from smartjustice.notifications import services
from smartjustice.notifications.models import Delivery

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="row locks (select_for_update) need PostgreSQL")


def test_two_workers_racing_send_the_delivery_once(transactional_db, make_user, http_sms):
    person = make_user(mobile="13800138000")
    http_sms.default = (200, {"id": "gw-slow"}, 0.5)  # the first sender holds the lock meanwhile
    with services.transaction.atomic():  # commit without running the on-commit send
        notification = services.Notification.objects.create(recipient=person, kind="t", title="t")
        delivery = Delivery.objects.create(notification=notification, channel="sms", address=person.mobile,
                                           next_attempt_at=services.clock.now())
    results = []

    def worker():
        try:
            results.append(services.attempt_delivery(delivery.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert results == ["sent", "sent"]
    assert len(http_sms.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.provider_message_id) == ("sent", 1, "gw-slow")
