"""What each chat service expects: the message body, DingTalk's and Feishu's signatures, and
the POST itself. No database, no Flask."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

WECOM = "wecom"
DINGTALK = "dingtalk"
FEISHU = "feishu"
SERVICES = (WECOM, DINGTALK, FEISHU)
# WeCom and DingTalk cut a markdown message at 4,096 bytes; Feishu allows more
MAX_TEXT = 1500


class DeliveryError(RuntimeError):
    """The service could not be reached or refused the message."""


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    link: str = ""
    link_label: str = ""
    mention: str = ""  # the chat user id of the person the message is for


def _markdown(text: str) -> str:
    """Text people typed, kept from forming links or headings in a markdown message."""
    for char in "\\[]()<>*_`#":
        text = text.replace(char, "\\" + char)
    return text


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk: base64(HMAC-SHA256(key=secret, "timestamp\\nsecret")), URL-encoded."""
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu/Lark: base64(HMAC-SHA256(key="timestamp\\nsecret", empty message))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def request_for(
    service: str, url: str, message: Message, *, secret: str = "", now_ms: int
) -> tuple[str, dict]:
    """The URL to POST to and the JSON body, signed when the robot has a secret."""
    text = message.text[:MAX_TEXT]
    if service == WECOM:
        lines = [f"**{_markdown(message.title)}**", _markdown(text)]
        if message.link:
            lines.append(f"[{_markdown(message.link_label or message.link)}]({message.link})")
        if message.mention:
            lines.append(f"<@{message.mention}>")
        return url, {"msgtype": "markdown", "markdown": {"content": "\n".join(lines)}}
    if service == DINGTALK:
        body = f"#### {_markdown(message.title)}\n\n{_markdown(text)}"
        if message.link:
            body += f"\n\n[{_markdown(message.link_label or message.link)}]({message.link})"
        if secret:
            joiner = "&" if "?" in url else "?"
            url = f"{url}{joiner}timestamp={now_ms}&sign={dingtalk_sign(secret, now_ms)}"
        payload = {"msgtype": "markdown", "markdown": {"title": message.title, "text": body}}
        if message.mention:
            payload["markdown"]["text"] += f"\n\n@{message.mention}"
            payload["at"] = {"atUserIds": [message.mention], "isAtAll": False}
        return url, payload
    if service == FEISHU:
        content = [[{"tag": "text", "text": line}] for line in text.splitlines() if line]
        if message.mention:
            content.insert(0, [{"tag": "at", "user_id": message.mention}])
        if message.link:
            content.append(
                [{"tag": "a", "text": message.link_label or message.link, "href": message.link}]
            )
        payload = {
            "msg_type": "post",
            "content": {"post": {"zh_cn": {"title": message.title, "content": content}}},
        }
        if secret:
            seconds = now_ms // 1000
            payload.update(timestamp=str(seconds), sign=feishu_sign(secret, seconds))
        return url, payload
    raise ValueError(f"unknown chat service {service!r}")


def accepted(service: str, answer: dict) -> bool:
    """The service's own verdict in its JSON answer (HTTP 200 is not enough)."""
    if service == FEISHU:
        return answer.get("code", answer.get("StatusCode")) == 0
    return answer.get("errcode") == 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A webhook that answers with a redirect is refused, not followed elsewhere."""

    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post(service: str, url: str, payload: dict, *, timeout: float = 10) -> None:
    """POST the message; DeliveryError unless the service accepted it."""
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            answer = json.loads(response.read(65536) or b"{}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise DeliveryError(f"{service}: {error}") from error
    if not isinstance(answer, dict) or not accepted(service, answer):
        raise DeliveryError(f"{service} refused the message: {str(answer)[:300]}")
