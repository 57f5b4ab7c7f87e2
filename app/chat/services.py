"""Robots and announcements: managers configure robots; the domains above announce events,
which queue one message per robot that carries the event (flush, never commit)."""

from datetime import datetime
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.audit.services import changes, record
from app.chat.labels import EVENTS
from app.chat.models import ChatMessage, ChatRobot
from app.chat.transport import SERVICES
from app.extensions import db


class RobotError(ValueError):
    """A robot setting that cannot be used; the message is shown to the manager."""


def check_webhook(url: str) -> str:
    """Only the chat services' own hosts, over HTTPS (CHAT_WEBHOOK_HOSTS can widen this),
    so the worker never posts to an address inside the network."""
    url = url.strip()
    parts = urlsplit(url)
    allowed_schemes = {"https", "http"} if current_app.config["CHAT_ALLOW_HTTP"] else {"https"}
    if parts.scheme not in allowed_schemes or not parts.hostname:
        raise RobotError("scheme")
    if parts.hostname.lower() not in current_app.config["CHAT_WEBHOOK_HOSTS"]:
        raise RobotError("host")
    return url


def masked_webhook(url: str) -> str:
    """The robot's address as a page shows it: its key (access_token, key, or the last path
    part of Feishu's hook) replaced by dots."""
    parts = urlsplit(url)
    query = "&".join(f"{name}=••••" for name, _value in parse_qsl(parts.query))
    path = parts.path
    if not query and "/hook/" in path:
        path = path.rsplit("/", 1)[0] + "/••••"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def save_robot(robot: ChatRobot | None, values: dict, *, actor, now: datetime) -> ChatRobot:
    """Create or change a robot, audited; an empty secret keeps the stored one."""
    if values["service"] not in SERVICES:
        raise RobotError("service")
    if robot is not None and values["webhook_url"] == masked_webhook(robot.webhook_url):
        values = dict(values, webhook_url=robot.webhook_url)  # shown masked, left as it was
    values = dict(values, webhook_url=check_webhook(values["webhook_url"]))
    values["events"] = [event for event in EVENTS if event in set(values.get("events") or [])]
    secret = values.pop("secret", "") or ""
    if robot is None:
        robot = ChatRobot(created_at=now, secret=secret.strip(), **values)
        db.session.add(robot)
        db.session.flush()
        record(actor, "chat_robot.create", robot, {"service": robot.service}, now=now)
        return robot
    diff = changes(robot, values)
    if "webhook_url" in diff:  # the address holds the robot's key: the trail says it changed
        diff["webhook_url"] = ["…", "…"]
    for name, value in values.items():
        setattr(robot, name, value)
    if secret.strip():
        robot.secret = secret.strip()
        diff["secret"] = ["…", "…"]  # the trail says it changed, never what it is
    if diff:
        record(actor, "chat_robot.update", robot, diff, now=now)
    db.session.flush()
    return robot


def delete_robot(robot: ChatRobot, *, actor, now: datetime) -> None:
    record(actor, "chat_robot.delete", robot, {"service": robot.service}, now=now)
    db.session.delete(robot)
    db.session.flush()


def announce(
    event: str,
    key: str,
    *,
    title,
    lines,
    link: str = "",
    link_label="",
    now: datetime,
) -> int:
    """Queue the announcement for every active robot that carries `event`, once per `key`
    (e.g. the ticket number and the history line); words render in the contract's
    language. Returns how many messages were queued."""
    robots = db.session.scalars(sa.select(ChatRobot).where(ChatRobot.active.is_(True))).all()
    robots = [robot for robot in robots if event in (robot.events or [])]
    if not robots:
        return 0
    with force_locale(current_app.config["LANGUAGES"][0]):
        rendered_title = str(title() if callable(title) else title)[:300]
        rendered = [str(line) for line in (lines() if callable(lines) else lines) if line]
        label = str(link_label)[:100]
    queued = 0
    with db.session.no_autoflush:
        for robot in robots:
            exists = db.session.scalar(
                sa.select(ChatMessage.id).where(
                    ChatMessage.robot_id == robot.id, ChatMessage.key == key[:200]
                )
            )
            if exists is not None:
                continue
            db.session.add(
                ChatMessage(
                    robot_id=robot.id,
                    key=key[:200],
                    event=event,
                    title=rendered_title,
                    text="\n".join(rendered),
                    link=link[:500],
                    link_label=label,
                    created_at=now,
                    next_attempt_at=now,
                )
            )
            queued += 1
    return queued


def send_test(robot: ChatRobot, *, actor, now: datetime) -> None:
    """A message for this robot only, so the manager sees the group receives it."""
    with force_locale(current_app.config["LANGUAGES"][0]):
        title = str(_l("Test message from the service desk"))
        text = str(_l("This group will hear about the events chosen for it."))
    db.session.add(
        ChatMessage(
            robot_id=robot.id,
            key=f"test:{now.isoformat()}",
            event="test",
            title=title,
            text=text,
            created_at=now,
            next_attempt_at=now,
        )
    )
    record(actor, "chat_robot.test", robot, now=now)
