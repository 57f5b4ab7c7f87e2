"""Group-chat robots (WeCom, DingTalk, Feishu/Lark webhooks) and the messages queued for them."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import UTCDateTime, db, utcnow


class ChatRobot(db.Model):
    """A group chat's webhook robot and the events a manager sends to it."""

    __tablename__ = "chat_robots"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    service: Mapped[str] = mapped_column(sa.String(16))  # wecom dingtalk feishu
    webhook_url: Mapped[str] = mapped_column(sa.String(500))
    # DingTalk's and Feishu's signing secret ("" when the robot does not sign)
    secret: Mapped[str] = mapped_column(sa.String(200), default="")
    events: Mapped[list] = mapped_column(sa.JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def number(self) -> str:
        """How the audit trail names it."""
        return self.name


class ChatMessage(db.Model):
    """One message for one robot, written in the transaction of the change it reports; the
    worker delivers it. `key` makes the same announcement queue once per robot."""

    __tablename__ = "chat_outbox"
    __table_args__ = (
        sa.UniqueConstraint("robot_id", "key", name="uq_chat_outbox_robot_key"),
        sa.Index("ix_chat_outbox_pending", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    robot_id: Mapped[int] = mapped_column(sa.ForeignKey("chat_robots.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(200))
    event: Mapped[str] = mapped_column(sa.String(32))
    title: Mapped[str] = mapped_column(sa.String(300))
    text: Mapped[str] = mapped_column(sa.Text)
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    link_label: Mapped[str] = mapped_column(sa.String(100), default="")
    mention: Mapped[str] = mapped_column(sa.String(64), default="")  # a person's chat user id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")  # pending sent failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    robot: Mapped[ChatRobot] = relationship()


class ChatLink(db.Model):
    """A person's account in a group chat: the robot of a group they are in, and their user id
    in that service, so that personal notices can mention them there."""

    __tablename__ = "chat_links"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    robot_id: Mapped[int] = mapped_column(sa.ForeignKey("chat_robots.id", ondelete="CASCADE"))
    chat_user_id: Mapped[str] = mapped_column(sa.String(64))

    robot: Mapped[ChatRobot] = relationship()


class NotificationPreference(db.Model):
    """How one person hears of one topic: by mail (the default), group chat, or in the portal."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(8))  # mail chat portal


class Notification(db.Model):
    """One notice in a person's list in the portal, whatever channel also carried it. The
    words are a code (the notice's mail template) and its parameters, worded when shown."""

    __tablename__ = "notifications"
    __table_args__ = (sa.Index("ix_notifications_user_read", "user_id", "read_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(sa.String(32))
    code: Mapped[str] = mapped_column(sa.String(40))
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    link: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
