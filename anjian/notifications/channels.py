"""Delivery channels behind one interface: `channel.send(delivery)` sends one notice or raises. The inbox
itself is the Notification row; e-mail goes through Django's mail, group robots and SMS over HTTP.

Group robots take their documented text messages:
- WeCom (企业微信群机器人, developer.work.weixin.qq.com/document/path/91770 «消息类型及数据格式 · 文本类型»):
  POST JSON {"msgtype": "text", "text": {"content": "..."}}; answers {"errcode": 0, "errmsg": "ok"}.
- DingTalk (钉钉自定义机器人, open.dingtalk.com «自定义机器人发送群消息 · text类型»):
  POST JSON {"msgtype": "text", "text": {"content": "..."}, "at": {"atMobiles": [], "isAtAll": false}};
  with signing, `&timestamp=<ms>&sign=<base64 HmacSHA256("<ms>\\n<secret>")>` is added to the address;
  answers {"errcode": 0, "errmsg": "ok"}.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import time
import urllib.parse
import urllib.request
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from .choices import Channel, WebhookKind
from .models import Delivery

logger = logging.getLogger("anjian.notifications")
TIMEOUT = 10  # seconds: a robot or gateway that hangs fails the attempt, which is retried later


class DeliveryError(Exception):
    """The channel refused or failed; the message is kept on the delivery row."""


class Sender(Protocol):
    def send(self, delivery: Delivery) -> None: ...


def post_json(url: str, payload: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
    """POST JSON and return the JSON answer (an empty dict when there is none); HTTP errors raise."""
    if not url.startswith(("http://", "https://")):
        raise DeliveryError(f"not an http(s) address: {url[:60]}")
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310  (the scheme is checked above)
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            raw = response.read()
    except OSError as exc:  # URLError, HTTPError, timeouts
        raise DeliveryError(str(exc)) from exc
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {}


def message(delivery: Delivery) -> str:
    """The notice as one plain text: the text, then the link to open it."""
    notification = delivery.notification
    base = getattr(settings, "ANJIAN_SITE_URL", os.environ.get("ANJIAN_SITE_URL", "")).rstrip("/")
    link = f"{base}{notification.target_url}" if notification.target_url else ""
    return f"{notification.text}\n{link}".strip()


class InApp:
    """The Notification row is the message: nothing to send."""

    def send(self, delivery: Delivery) -> None:
        return None


class Email:
    def send(self, delivery: Delivery) -> None:
        user = delivery.notification.recipient
        if not user.email:
            raise DeliveryError("no e-mail address")
        subject = _("[Anjian] %(kind)s") % {"kind": delivery.notification.get_verb_display()}
        send_mail(subject, message(delivery), None, [user.email])


def wecom_payload(text: str) -> dict[str, Any]:
    return {"msgtype": "text", "text": {"content": text}}


def dingtalk_payload(text: str) -> dict[str, Any]:
    return {"msgtype": "text", "text": {"content": text}, "at": {"atMobiles": [], "isAtAll": False}}


def dingtalk_signed_url(url: str, secret: str, now_ms: int | None = None) -> str:
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


class WebhookChannel:
    def send(self, delivery: Delivery) -> None:
        robot = delivery.webhook
        if robot is None or not robot.enabled:
            raise DeliveryError("the group robot is gone or disabled")
        post_to_robot(robot, message(delivery))


def post_to_robot(robot, text: str) -> None:
    """Post `text` to a group robot in its documented format; raises DeliveryError when it is refused."""
    if robot.kind == WebhookKind.WECOM:
        answer = post_json(robot.url, wecom_payload(text))
    else:
        url = dingtalk_signed_url(robot.url, robot.secret) if robot.secret else robot.url
        answer = post_json(url, dingtalk_payload(text))
    if answer.get("errcode", 0) != 0:  # both robots answer HTTP 200 with an error code
        raise DeliveryError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")


class SmsBackend(Protocol):
    def send_sms(self, phone: str, text: str) -> None: ...


class LoggingSms:
    """No gateway: the message is written to the log (the default, and the demo's)."""

    def send_sms(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", phone, text)


class HttpSms:
    """A gateway that takes POST {"phone": ..., "text": ...} with a bearer token and answers {"code": 0} on success."""

    def __init__(self, url: str, token: str = "") -> None:
        self.url, self.token = url, token

    def send_sms(self, phone: str, text: str) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        answer = post_json(self.url, {"phone": phone, "text": text}, headers)
        if answer.get("code", 0) != 0:
            raise DeliveryError(f"SMS gateway code {answer.get('code')}: {answer.get('message', '')}")


def sms_backend() -> SmsBackend:
    """ANJIAN_SMS_URL (and ANJIAN_SMS_TOKEN) choose the HTTP gateway; without them, the logging backend."""
    url = getattr(settings, "ANJIAN_SMS_URL", None) or os.environ.get("ANJIAN_SMS_URL", "")
    if not url:
        return LoggingSms()
    token = getattr(settings, "ANJIAN_SMS_TOKEN", None) or os.environ.get("ANJIAN_SMS_TOKEN", "")
    return HttpSms(url, token)


class Sms:
    def send(self, delivery: Delivery) -> None:
        phone = delivery.notification.recipient.phone
        if not phone:
            raise DeliveryError("no phone number")
        sms_backend().send_sms(phone, message(delivery))


CHANNELS: dict[str, Sender] = {
    Channel.IN_APP: InApp(),
    Channel.EMAIL: Email(),
    Channel.WEBHOOK: WebhookChannel(),
    Channel.SMS: Sms(),
}


def send(delivery: Delivery) -> None:
    CHANNELS[delivery.channel].send(delivery)
