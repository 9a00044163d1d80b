"""Channels against real endpoints: a local HTTP server for the SMS gateway, Django's
locmem mail backend for e-mail, the logger for the development SMS backend."""
import logging
import socket

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from smartjustice.notifications.channels import (
    EmailChannel,
    HttpSmsChannel,
    LogSmsChannel,
    PermanentSendError,
    TransientSendError,
    get_channel,
)


def test_http_sms_posts_json_with_bearer_token_and_returns_provider_id(sms_gateway):
    sms_gateway.answer(200, {"id": "msg-778"})
    channel = HttpSmsChannel(url=sms_gateway.url, token="secret-token")

    provider_id = channel.send("13800138000", "补正通知", "请于五日内补正材料。", reference="delivery-9")

    assert provider_id == "msg-778"
    assert len(sms_gateway.requests) == 1
    request = sms_gateway.requests[0]
    assert request["path"] == "/v1/sms"
    assert request["headers"]["authorization"] == "Bearer secret-token"
    assert request["headers"]["content-type"] == "application/json; charset=utf-8"
    assert request["json"] == {"to": "13800138000", "text": "补正通知\n请于五日内补正材料。",
                               "reference": "delivery-9"}


def test_http_sms_accepts_message_id_key(sms_gateway):
    sms_gateway.answer(202, {"message_id": 4411})

    assert HttpSmsChannel(url=sms_gateway.url, token="t").send("13800138000", "t", "b") == "4411"


@pytest.mark.parametrize("status", [500, 502, 503, 408, 429])
def test_http_sms_server_errors_and_rate_limits_are_transient(sms_gateway, status):
    sms_gateway.answer(status, {"error": "busy"})

    with pytest.raises(TransientSendError, match=str(status)):
        HttpSmsChannel(url=sms_gateway.url, token="t").send("13800138000", "t", "b")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_http_sms_client_errors_are_permanent(sms_gateway, status):
    sms_gateway.answer(status, {"error": "invalid number"})

    with pytest.raises(PermanentSendError, match=str(status)):
        HttpSmsChannel(url=sms_gateway.url, token="t").send("13800138000", "t", "b")


def test_http_sms_timeout_is_transient(sms_gateway):
    sms_gateway.answer(200, {"id": "late"}, delay=1.0)

    with pytest.raises(TransientSendError):
        HttpSmsChannel(url=sms_gateway.url, token="t", timeout=0.2).send("13800138000", "t", "b")


def test_http_sms_connection_refused_is_transient():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(TransientSendError, match="unreachable"):
        HttpSmsChannel(url=f"http://127.0.0.1:{port}/sms", token="t", timeout=1).send("1", "t", "b")


def test_http_sms_without_url_is_a_configuration_error(settings):
    settings.SMS_HTTP_URL = ""

    with pytest.raises(ImproperlyConfigured):
        HttpSmsChannel()


def test_log_sms_writes_the_message_to_the_notifications_logger(caplog):
    caplog.set_level(logging.INFO, logger="smartjustice.notifications")

    provider_id = LogSmsChannel().send("13800138000", "开庭提醒", "明日九时", reference="delivery-3")

    assert provider_id.startswith("log-")
    assert [r.name for r in caplog.records] == ["smartjustice.notifications"]
    assert caplog.records[0].getMessage() == "SMS to 13800138000 [delivery-3] 开庭提醒\n明日九时"


def test_email_channel_sends_through_django_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEFAULT_FROM_EMAIL = "noreply@sfj.example.cn"

    EmailChannel().send("zhang@example.cn", "受理通知", "您的申请已受理。", reference="delivery-5")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.subject, message.body, message.to, message.from_email) == (
        "受理通知", "您的申请已受理。", ["zhang@example.cn"], "noreply@sfj.example.cn")


def test_email_channel_connection_failure_is_transient(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]
    settings.EMAIL_HOST = "127.0.0.1"

    with pytest.raises(TransientSendError):
        EmailChannel().send("zhang@example.cn", "t", "b")


def test_get_channel_follows_settings(settings, sms_gateway):
    settings.SMS_BACKEND = "log"
    assert isinstance(get_channel("sms"), LogSmsChannel)

    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = sms_gateway.url
    assert isinstance(get_channel("sms"), HttpSmsChannel)
    assert isinstance(get_channel("email"), EmailChannel)

    settings.SMS_BACKEND = "carrier-pigeon"
    with pytest.raises(ImproperlyConfigured):
        get_channel("sms")
