"""Change requests (S15), their append-only history, approval decisions, approvers, templates."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import Department, User
from app.extensions import UTCDateTime, db, utcnow


class ChangeTemplate(db.Model):
    """A pre-approved standard change (S15 routine): used as is, no new approval."""

    __tablename__ = "change_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name_zh: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    category: Mapped[str] = mapped_column(sa.String(16))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    implementation_plan: Mapped[str] = mapped_column(sa.Text, default="")
    backout_plan: Mapped[str] = mapped_column(sa.Text, default="")
    test_plan: Mapped[str] = mapped_column(sa.Text, default="")
    risk_likelihood: Mapped[str] = mapped_column(sa.String(8), default="low")
    risk_impact: Mapped[str] = mapped_column(sa.String(8), default="low")
    active: Mapped[bool] = mapped_column(default=True)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


class Change(db.Model):
    __tablename__ = "changes"
    __table_args__ = (
        sa.Index("ix_changes_status_start", "status", "planned_start"),
        sa.Index("ix_changes_approval_kind", "approval", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(sa.String(20), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(12))
    category: Mapped[str] = mapped_column(sa.String(16))
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    initiator: Mapped[str] = mapped_column(sa.String(12), default="vendor")
    department_id: Mapped[int | None] = mapped_column(sa.ForeignKey("departments.id"))
    template_id: Mapped[int | None] = mapped_column(sa.ForeignKey("change_templates.id"))
    risk_likelihood: Mapped[str] = mapped_column(sa.String(8))
    risk_impact: Mapped[str] = mapped_column(sa.String(8))
    risk: Mapped[str] = mapped_column(sa.String(8))
    risk_reason: Mapped[str] = mapped_column(sa.String(200), default="")
    implementation_plan: Mapped[str] = mapped_column(sa.Text, default="")
    backout_plan: Mapped[str] = mapped_column(sa.Text, default="")
    test_plan: Mapped[str] = mapped_column(sa.Text, default="")
    planned_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    planned_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    urgency: Mapped[str] = mapped_column(sa.String(8), default="medium")
    priority: Mapped[str] = mapped_column(sa.String(2))
    status: Mapped[str] = mapped_column(sa.String(12), default="draft")
    approval: Mapped[str] = mapped_column(sa.String(12), default="pending")
    asset_tags: Mapped[list] = mapped_column(sa.JSON, default=list)
    # {tag: {field: value}} applied to the register when the change completes (S13)
    asset_updates: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    ticket_numbers: Mapped[list] = mapped_column(sa.JSON, default=list)
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    department: Mapped[Department | None] = relationship(lazy="joined")
    requested_by: Mapped[User | None] = relationship(lazy="joined")
    template: Mapped[ChangeTemplate | None] = relationship()
    events: Mapped[list["ChangeEvent"]] = relationship(
        back_populates="change", order_by="ChangeEvent.id"
    )
    decisions: Mapped[list["ChangeDecision"]] = relationship(
        back_populates="change", order_by="ChangeDecision.id"
    )

    __mapper_args__ = {"version_id_col": version}


class ChangeEvent(db.Model):
    """One line of a change's append-only history."""

    __tablename__ = "change_events"
    __table_args__ = (sa.Index("ix_change_events_change", "change_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(sa.ForeignKey("changes.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(sa.String(24))
    from_status: Mapped[str | None] = mapped_column(sa.String(12))
    to_status: Mapped[str | None] = mapped_column(sa.String(12))
    note: Mapped[str] = mapped_column(sa.Text, default="")
    # what the portal says, worded when read (labels.event_params_text): {"fields": [...]} of
    # an edit, {"assets": [...]} a completed change updated in the register
    params: Mapped[dict | None] = mapped_column(sa.JSON)

    change: Mapped[Change] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship(lazy="joined")


class ChangeDecision(db.Model):
    """An approver's decision: who, when, how (portal, mail or API), the comment — for audit."""

    __tablename__ = "change_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(
        sa.ForeignKey("changes.id", ondelete="CASCADE"), index=True
    )
    approver_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(sa.String(10))  # approved, rejected
    via: Mapped[str] = mapped_column(sa.String(8))  # portal, mail, api
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    after_the_fact: Mapped[bool] = mapped_column(default=False)
    ip: Mapped[str] = mapped_column(sa.String(45), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    change: Mapped[Change] = relationship(back_populates="decisions")
    approver: Mapped[User] = relationship(lazy="joined")


class ChangeApprover(db.Model):
    """The contract names who approves: per department, or for all (department empty)."""

    __tablename__ = "change_approvers"
    __table_args__ = (sa.UniqueConstraint("user_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    department_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("departments.id", ondelete="CASCADE")
    )

    user: Mapped[User] = relationship(lazy="joined")
    department: Mapped[Department | None] = relationship(lazy="joined")
