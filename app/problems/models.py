"""Problem records (S16): the root-cause analysis, the parties who agreed the plan, the links
to incidents, changes, assets and catalog items, and the history."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.assets.models import Asset
from app.changes.models import Change
from app.extensions import UTCDateTime, db, utcnow
from app.tickets.models import CatalogItem, Ticket

problem_assets = sa.Table(
    "problem_assets",
    db.metadata,
    sa.Column("problem_id", sa.ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "asset_id", sa.ForeignKey("assets.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)
problem_catalog_items = sa.Table(
    "problem_catalog_items",
    db.metadata,
    sa.Column("problem_id", sa.ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True),
    sa.Column(
        "catalog_item_id",
        sa.ForeignKey("catalog_items.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Problem(db.Model):
    __tablename__ = "problems"
    __table_args__ = (sa.Index("ix_problems_status_severity", "status", "severity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    severity: Mapped[str] = mapped_column(sa.String(8))  # critical | major | minor
    status: Mapped[str] = mapped_column(sa.String(20), default="open")
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # the underlying problem this one comes from (never a circle: rules.cause_refusal)
    cause_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("problems.id", ondelete="SET NULL"), index=True
    )
    # the root-cause analysis; the five whys and the agreeing parties are rows of their own
    what_happened: Mapped[str] = mapped_column(sa.Text, default="")
    fix: Mapped[str] = mapped_column(sa.Text, default="")
    workaround: Mapped[str] = mapped_column(sa.Text, default="")
    prevention: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    cause: Mapped["Problem | None"] = relationship(remote_side=[id], foreign_keys=[cause_id])
    whys: Mapped[list["ProblemWhy"]] = relationship(
        order_by="ProblemWhy.position", cascade="all, delete-orphan", lazy="selectin"
    )
    parties: Mapped[list["ProblemParty"]] = relationship(
        order_by="ProblemParty.id", cascade="all, delete-orphan", lazy="selectin"
    )
    assets: Mapped[list[Asset]] = relationship(secondary=problem_assets, order_by=Asset.tag)
    catalog_items: Mapped[list[CatalogItem]] = relationship(
        secondary=problem_catalog_items, order_by=CatalogItem.position
    )

    __mapper_args__ = {"version_id_col": version}


class ProblemWhy(db.Model):
    """One answer of the five whys, in order: each asks why the one before happened."""

    __tablename__ = "problem_whys"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(
        sa.ForeignKey("problems.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.String(500))


class ProblemParty(db.Model):
    """A party who agreed the solution plan (S16), and when that was recorded."""

    __tablename__ = "problem_parties"

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(
        sa.ForeignKey("problems.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    side: Mapped[str] = mapped_column(sa.String(12))  # vendor | client | third_party
    agreed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))


class ProblemIncident(db.Model):
    """An incident explained by the problem; an incident belongs to one problem at most."""

    __tablename__ = "problem_incidents"

    problem_id: Mapped[int] = mapped_column(
        sa.ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True
    )
    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, unique=True
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    linked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    ticket: Mapped[Ticket] = relationship(lazy="joined")


class ProblemChange(db.Model):
    """A change that carries (part of) the problem's fix."""

    __tablename__ = "problem_changes"

    problem_id: Mapped[int] = mapped_column(
        sa.ForeignKey("problems.id", ondelete="CASCADE"), primary_key=True
    )
    change_id: Mapped[int] = mapped_column(
        sa.ForeignKey("changes.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    change: Mapped[Change] = relationship(lazy="joined")
    problem: Mapped[Problem] = relationship(lazy="joined")


class ProblemEvent(db.Model):
    """Append-only history: an action code with its parameters, worded when read."""

    __tablename__ = "problem_events"
    __table_args__ = (sa.Index("ix_problem_events_problem", "problem_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    problem_id: Mapped[int] = mapped_column(sa.ForeignKey("problems.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(24))
    from_status: Mapped[str | None] = mapped_column(sa.String(20))
    to_status: Mapped[str | None] = mapped_column(sa.String(20))
    params: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    actor: Mapped[User | None] = relationship(lazy="joined")


class RecurrenceCandidate(db.Model):
    """Incidents repeating on one asset, model or catalog item (kept by the detection job)."""

    __tablename__ = "recurrence_candidates"
    __table_args__ = (sa.UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))  # asset | model | catalog_item
    value: Mapped[str] = mapped_column(sa.String(100))
    first_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime)

    tickets: Mapped[list[Ticket]] = relationship(
        secondary="recurrence_candidate_tickets", order_by=Ticket.created_at
    )


recurrence_candidate_tickets = sa.Table(
    "recurrence_candidate_tickets",
    db.metadata,
    sa.Column(
        "candidate_id",
        sa.ForeignKey("recurrence_candidates.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "ticket_id", sa.ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class RecurrenceDismissal(db.Model):
    """A manager's 'not a problem' for one group's incidents; they no longer count for it."""

    __tablename__ = "recurrence_dismissals"
    __table_args__ = (sa.UniqueConstraint("kind", "value", "ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    value: Mapped[str] = mapped_column(sa.String(100))
    ticket_id: Mapped[int] = mapped_column(
        sa.ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    dismissed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    dismissed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
