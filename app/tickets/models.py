"""Tickets, their catalog, append-only history, attachments and links."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import UTCDateTime, db, utcnow
from app.tickets.rules import OPEN_STATUSES

# the open tickets, as the partial index's condition (the queue asks for exactly these)
OPEN_CONDITION = sa.text(
    "status IN (" + ", ".join(f"'{status}'" for status in sorted(OPEN_STATUSES)) + ")"
)


class CatalogItem(db.Model):
    __tablename__ = "catalog_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    group: Mapped[str] = mapped_column(sa.String(16), index=True)
    name_zh: Mapped[str] = mapped_column(sa.String(100))
    name_en: Mapped[str] = mapped_column(sa.String(100))
    default_urgency: Mapped[str] = mapped_column(sa.String(8), default="medium")
    ticket_type: Mapped[str] = mapped_column(sa.String(16), default="incident")
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


class Ticket(db.Model):
    __tablename__ = "tickets"
    __table_args__ = (
        # covers the queue's filters, so its count and order need no table rows
        sa.Index(
            "ix_tickets_queue",
            "status",
            "priority",
            "due_at",
            "catalog_item_id",
            "assignee_id",
            "channel",
        ),
        # the open tickets in the queue's order (queries.queue_order): a page of 50 is read
        # from the index's start, however many tickets are open
        sa.Index(
            "ix_tickets_open_queue",
            "priority",
            sa.text("(due_at IS NULL)"),
            "due_at",
            "id",
            postgresql_where=OPEN_CONDITION,
            sqlite_where=OPEN_CONDITION,
        ),
        # the same for the queue sorted by SLA due alone
        sa.Index(
            "ix_tickets_open_due",
            sa.text("(due_at IS NULL)"),
            "due_at",
            "id",
            postgresql_where=OPEN_CONDITION,
            sqlite_where=OPEN_CONDITION,
        ),
        sa.Index("ix_tickets_status_updated", "status", "updated_at"),
        sa.Index("ix_tickets_updated", "updated_at"),
        sa.Index("ix_tickets_requester_created", "requester_id", "created_at"),
        sa.Index("ix_tickets_assignee_status", "assignee_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    type: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    catalog_item_id: Mapped[int] = mapped_column(sa.ForeignKey("catalog_items.id"))
    channel: Mapped[str] = mapped_column(sa.String(8))
    requester_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # a sender the desk could not match to a user (mail from an unknown address)
    requester_contact: Mapped[str] = mapped_column(sa.String(254), default="")
    needs_triage: Mapped[bool] = mapped_column(default=False, index=True)
    urgency: Mapped[str] = mapped_column(sa.String(8))
    impact: Mapped[str] = mapped_column(sa.String(8))
    priority: Mapped[str] = mapped_column(sa.String(2))
    status: Mapped[str] = mapped_column(sa.String(20), default="new")
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    asset_tags: Mapped[list] = mapped_column(sa.JSON, default=list)
    devices_note: Mapped[str] = mapped_column(sa.String(200), default="")
    location: Mapped[str] = mapped_column(sa.String(100), default="")
    rings: Mapped[int | None] = mapped_column()
    call_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    remote_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # S6: was the remote-handling limit kept before going on site (None: rule not applicable)
    dispatch_rule_kept: Mapped[bool | None] = mapped_column()
    escalated: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id"))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tickets.id"), index=True)
    # the earliest due instant of a running SLA clock, for sorting the queue
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    catalog_item: Mapped[CatalogItem] = relationship(lazy="joined")
    requester: Mapped[User | None] = relationship(foreign_keys=[requester_id], lazy="joined")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    merged_into: Mapped["Ticket | None"] = relationship(
        remote_side=[id], foreign_keys=[merged_into_id]
    )
    parent: Mapped["Ticket | None"] = relationship(remote_side=[id], foreign_keys=[parent_id])
    events: Mapped[list["TicketEvent"]] = relationship(
        back_populates="ticket", order_by="TicketEvent.id", lazy="select"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="ticket", order_by="Attachment.id"
    )
    vendor_cases: Mapped[list["VendorCase"]] = relationship(
        back_populates="ticket", order_by="VendorCase.id"
    )
    watchers: Mapped[list["TicketWatcher"]] = relationship(
        back_populates="ticket", order_by="TicketWatcher.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def group(self) -> str:
        return self.catalog_item.group


class TicketEvent(db.Model):
    """One line of a ticket's append-only history: actions, field changes, replies and notes."""

    __tablename__ = "ticket_events"
    __table_args__ = (sa.Index("ix_ticket_events_ticket", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(32))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    field: Mapped[str | None] = mapped_column(sa.String(32))
    old_value: Mapped[str | None] = mapped_column(sa.String(200))
    new_value: Mapped[str | None] = mapped_column(sa.String(200))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # what the portal itself says on the line, as a code and its parameters (labels.NOTE_TEXTS),
    # worded in the reader's language when shown; `note` holds only what a person wrote
    note_code: Mapped[str | None] = mapped_column(sa.String(40))
    note_params: Mapped[dict | None] = mapped_column(sa.JSON)
    # a reply by mail: the whole text as received (quoted mail and signature included);
    # `note` holds only what the sender wrote now
    mail_original: Mapped[str | None] = mapped_column(sa.Text)
    # public replies are seen by the requester; internal notes only by the vendor's staff
    public: Mapped[bool] = mapped_column(default=True)

    ticket: Mapped[Ticket] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(lazy="joined")


class Attachment(db.Model):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(200))
    stored_name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column()
    public: Mapped[bool] = mapped_column(default=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="attachments")


class TicketLink(db.Model):
    __tablename__ = "ticket_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    other_id: Mapped[int] = mapped_column(sa.ForeignKey("tickets.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(16))  # duplicate_of, related

    other: Mapped[Ticket] = relationship(foreign_keys=[other_id], lazy="joined")


class TicketWatcher(db.Model):
    """Someone copied on a ticket (a watcher): a person with an account, or an outside address
    a mail copied. They hear of its public updates; an account may open its public side."""

    __tablename__ = "ticket_watchers"
    __table_args__ = (sa.UniqueConstraint("ticket_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(sa.String(254))  # lower case
    source: Mapped[str] = mapped_column(sa.String(8))  # form mail desk
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="watchers")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id], lazy="joined")


class VendorCase(db.Model):
    """Third-party or manufacturer coordination on a ticket (S1, S12)."""

    __tablename__ = "vendor_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    vendor: Mapped[str] = mapped_column(sa.String(100))
    case_number: Mapped[str] = mapped_column(sa.String(60), default="")
    opened_on: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_on: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    ticket: Mapped[Ticket] = relationship(back_populates="vendor_cases")


class SavedView(db.Model):
    """A queue view one person keeps under a name: the queue's filters and sort."""

    __tablename__ = "saved_views"
    __table_args__ = (sa.UniqueConstraint("user_id", "name", name="uq_saved_views_user_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(60))
    filters: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
