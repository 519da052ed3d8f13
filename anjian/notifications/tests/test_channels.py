"""The channels against a fake receiver on 127.0.0.1: the documented WeCom and DingTalk text messages, the SMS
gateway adapter, e-mail through Django's mail; each person's choice, one robot message per item and day."""

from __future__ import annotations

import base64
import hashlib
import hmac
import urllib.parse

import pytest
from django.core import mail

from anjian.notifications import channels, services
from anjian.notifications.choices import Channel, DeliveryStatus, Verb, WebhookKind
from anjian.notifications.models import Delivery, Preference, Webhook

from .conftest import drain


def robot(world, receiver, kind, path="/send", **kw) -> Webhook:
    return Webhook.objects.create(
        name="潋江镇安全群", kind=kind, url=f"{receiver.url}{path}", region=world.regions["360732100000"], **kw
    )


def test_wecom_text_message(world, lianjiang, receiver):
    robot(world, receiver, WebhookKind.WECOM, "/cgi-bin/webhook/send?key=abc")
    services.notify(lianjiang, Verb.HAZARD_OVERDUE, "隐患已逾期", key="hazard:1:overdue", target_url="/hazards/1/")
    drain()
    [request] = receiver.requests
    assert request["path"] == "/cgi-bin/webhook/send?key=abc"
    assert request["headers"]["Content-Type"].startswith("application/json")
    # WeCom group robot, 文本类型: {"msgtype": "text", "text": {"content": ...}}
    assert request["json"] == {"msgtype": "text", "text": {"content": "隐患已逾期\n/hazards/1/"}}
    assert Delivery.objects.get().status == DeliveryStatus.SENT


def test_dingtalk_text_message_signed(world, lianjiang, receiver):
    robot(world, receiver, WebhookKind.DINGTALK, "/robot/send?access_token=t0k", secret="SEC123")
    services.notify(lianjiang, Verb.HAZARD_OVERDUE, "隐患已逾期", key="hazard:1:overdue")
    drain()
    [request] = receiver.requests
    # DingTalk custom robot, text类型: {"msgtype": "text", "text": {"content": ...}, "at": {...}}
    assert request["json"] == {
        "msgtype": "text",
        "text": {"content": "隐患已逾期"},
        "at": {"atMobiles": [], "isAtAll": False},
    }
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request["path"]).query)
    assert query["access_token"] == ["t0k"]
    timestamp, sign = query["timestamp"][0], query["sign"][0]
    expected = hmac.new(b"SEC123", f"{timestamp}\nSEC123".encode(), hashlib.sha256).digest()
    assert base64.b64decode(sign) == expected


def test_a_unit_robot_hears_of_an_item_once_a_day(world, lianjiang, receiver):
    from anjian.core.testing import make_user
    from anjian.org.choices import Role

    other = make_user("lianjiang2", Role.TOWN, region=world.regions["360732100000"])
    robot(world, receiver, WebhookKind.WECOM)
    for user in (lianjiang, other):
        services.notify(user, Verb.HAZARD_OVERDUE, "隐患已逾期", key="hazard:7:overdue")
    drain()
    assert len(receiver.requests) == 1  # two members notified, one message to their group
    Preference.objects.create(user=lianjiang, webhook=False)
    services.notify(lianjiang, Verb.HAZARD_DUE_SOON, "三天内到期", key="hazard:8:due_soon")
    drain()
    assert len(receiver.requests) == 1  # a person who turned the robot off


def test_robot_error_code_is_a_failure(world, lianjiang, receiver):
    robot(world, receiver, WebhookKind.DINGTALK)
    receiver.answer = {"errcode": 310000, "errmsg": "keywords not in content"}
    services.notify(lianjiang, Verb.HAZARD_OVERDUE, "隐患已逾期", key="hazard:1:overdue")
    drain()
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING and "310000" in delivery.last_error


def test_sms_http_adapter(world, lianjiang, receiver, settings):
    settings.ANJIAN_SMS_URL, settings.ANJIAN_SMS_TOKEN = f"{receiver.url}/sms", "tok"
    receiver.answer = {"code": 0}
    lianjiang.phone = "13907970000"
    lianjiang.save()
    Preference.objects.create(user=lianjiang, sms=True, webhook=False)
    services.notify(lianjiang, Verb.REPORT_DUE_SOON, "5月调度表6月20日前报送", key="report:1:2026-05:due_soon")
    drain()
    [request] = receiver.requests
    assert request["path"] == "/sms" and request["headers"]["Authorization"] == "Bearer tok"
    assert request["json"] == {"phone": "13907970000", "text": "5月调度表6月20日前报送"}
    receiver.answer = {"code": 17, "message": "quota"}
    with pytest.raises(channels.DeliveryError, match="17"):
        channels.HttpSms(f"{receiver.url}/sms").send_sms("13907970000", "x")


def test_sms_logs_without_a_gateway(world, lianjiang, caplog, settings):
    settings.ANJIAN_SMS_URL = ""
    assert isinstance(channels.sms_backend(), channels.LoggingSms)
    with caplog.at_level("INFO", logger="anjian.notifications"):
        channels.LoggingSms().send_sms("13907970000", "测试短信")
    assert "13907970000" in caplog.text and "测试短信" in caplog.text


def test_email_when_chosen(world, lianjiang):
    lianjiang.email = "lj@example.org"
    lianjiang.save()
    Preference.objects.create(user=lianjiang, email=True)
    services.notify(lianjiang, Verb.HAZARD_ASSIGNED, "隐患待您处理", key="hazard:1:event:1", target_url="/hazards/1/")
    drain()
    [message] = mail.outbox
    assert message.to == ["lj@example.org"] and "隐患待您处理" in message.body
    assert Delivery.objects.get().channel == Channel.EMAIL
