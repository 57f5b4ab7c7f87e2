"""The contract: parties, named contacts, service levels and settlement days, as data."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import User
from app.extensions import db

# S5: urgency × impact → priority; a VIP requester raises it one level.
DEFAULT_PRIORITY_MATRIX = {
    "high": {"high": "P1", "medium": "P2", "low": "P3"},
    "medium": {"high": "P2", "medium": "P3", "low": "P4"},
    "low": {"high": "P3", "medium": "P4", "low": "P4"},
}

# The clocks that measure the vendor and pause while a ticket waits: waiting for the user
# pauses all of them; waiting for a third party pauses those `vendor_wait_pauses` lists.
WAIT_PAUSABLE = ("remote_limit", "onsite_arrival", "resolution")
DEFAULT_VENDOR_WAIT_PAUSES = ("resolution",)

CONTACT_ROLES = (
    "vendor_project_manager",
    "customer_service_manager",
    "client_project_lead",
    "client_management_contact",
    "client_it_contact",
)


def contact_column(role: str):
    """A named contact of the contract (a user), kept when the user leaves."""
    return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))


class Contract(db.Model):
    """One deployment serves one contract; the row with the lowest id is it."""

    __tablename__ = "contracts"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_name: Mapped[str] = mapped_column(sa.String(200), default="客户公司")
    vendor_name: Mapped[str] = mapped_column(sa.String(200), default="服务商")
    office_calendar: Mapped[str] = mapped_column(sa.String(32), default="office")
    support_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    staff_office_hours: Mapped[int] = mapped_column(default=4)
    staff_outside_hours: Mapped[int] = mapped_column(default=1)
    # S7 service levels, in minutes of service time on the contract's calendar
    response_email_minutes: Mapped[int] = mapped_column(default=5)
    response_web_minutes: Mapped[int] = mapped_column(default=5)
    phone_ring_limit: Mapped[int] = mapped_column(default=5)
    onsite_arrival_minutes: Mapped[int] = mapped_column(default=10)
    # S6: remote handling limits before an engineer must go on site
    remote_limit_hw_minutes: Mapped[int] = mapped_column(default=5)
    remote_limit_sys_minutes: Mapped[int] = mapped_column(default=10)
    resolution_p1_minutes: Mapped[int] = mapped_column(default=240)
    resolution_p2_minutes: Mapped[int] = mapped_column(default=480)
    resolution_p3_minutes: Mapped[int] = mapped_column(default=1620)
    resolution_p4_minutes: Mapped[int] = mapped_column(default=2700)
    sla_warning_percent: Mapped[int] = mapped_column(default=80)
    # the clocks (of WAIT_PAUSABLE) that pause while the ticket waits for a third party
    vendor_wait_pauses: Mapped[list] = mapped_column(
        sa.JSON, default=lambda: list(DEFAULT_VENDOR_WAIT_PAUSES)
    )
    # per-metric/priority calendar choice, e.g. {"resolution": {"P1": "extended"}}
    sla_calendars: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # choices replaced so far, [{"until": ISO UTC, "choice": {...}}]: tickets opened before
    # `until` keep running on that choice (a changed choice applies to new tickets only)
    sla_calendars_before: Mapped[list] = mapped_column(sa.JSON, default=list, server_default="[]")
    priority_matrix: Mapped[dict] = mapped_column(sa.JSON, default=lambda: DEFAULT_PRIORITY_MATRIX)
    # S5: a VIP requester raises the matrix's priority one level
    vip_raises_priority: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    auto_close_business_days: Mapped[int] = mapped_column(default=3)
    satisfaction_target_percent: Mapped[int] = mapped_column(default=85)
    survey_link_days: Mapped[int] = mapped_column(default=14)
    survey_min_interval_days: Mapped[int] = mapped_column(default=7)
    satisfaction_good_rating: Mapped[int] = mapped_column(default=4)  # S7: "satisfied" = ≥ 4 of 5
    survey_complaint_rating: Mapped[int] = mapped_column(default=2)  # S10: ≤ 2 opens a complaint
    complaint_due_days: Mapped[int] = mapped_column(default=5)
    emergency_approval_hours: Mapped[int] = mapped_column(default=24)
    monthly_report_due_day: Mapped[int] = mapped_column(default=5)
    quarterly_report_due_day: Mapped[int] = mapped_column(default=5)  # S7: first five days
    # S21: fees computed by day X, sent by day Y, confirmed by day Z of the next month
    settlement_compute_day: Mapped[int] = mapped_column(default=3)
    settlement_send_day: Mapped[int] = mapped_column(default=5)
    settlement_confirm_day: Mapped[int] = mapped_column(default=10)
    max_attachment_mb: Mapped[int] = mapped_column(default=10)
    warranty_warning_days: Mapped[int] = mapped_column(default=30)  # assets: "expiring" window
    antivirus_max_age_days: Mapped[int] = mapped_column(default=7)  # S14: older signatures overdue
    password_rotation_days: Mapped[int] = mapped_column(default=90)  # S14: rotation interval
    # managers and admins must sign in with a second factor (an authenticator app)
    two_factor_for_managers: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # rate limits (429 with Retry-After past them); None: the deployment's default setting
    sign_ins_per_minute: Mapped[int | None] = mapped_column()  # per address
    password_resets_per_hour: Mapped[int | None] = mapped_column()  # per address
    link_opens_per_minute: Mapped[int | None] = mapped_column()  # a mail's one-click links
    api_calls_per_minute: Mapped[int | None] = mapped_column()  # per token
    # S9/S16: this many incidents within the window on one asset, model or catalog item suggest
    # a problem record (0: that kind is not looked at)
    recurrence_window_days: Mapped[int] = mapped_column(default=30)
    recurrence_asset_incidents: Mapped[int] = mapped_column(default=3)
    recurrence_model_incidents: Mapped[int] = mapped_column(default=3)
    recurrence_item_incidents: Mapped[int] = mapped_column(default=3)
    version: Mapped[int] = mapped_column(default=1)

    vendor_project_manager_id: Mapped[int | None] = contact_column("vendor_project_manager")
    customer_service_manager_id: Mapped[int | None] = contact_column("customer_service_manager")
    client_project_lead_id: Mapped[int | None] = contact_column("client_project_lead")
    client_management_contact_id: Mapped[int | None] = contact_column("client_management_contact")
    client_it_contact_id: Mapped[int | None] = contact_column("client_it_contact")

    vendor_project_manager: Mapped[User | None] = relationship(
        foreign_keys=[vendor_project_manager_id]
    )
    customer_service_manager: Mapped[User | None] = relationship(
        foreign_keys=[customer_service_manager_id]
    )
    client_project_lead: Mapped[User | None] = relationship(foreign_keys=[client_project_lead_id])
    client_management_contact: Mapped[User | None] = relationship(
        foreign_keys=[client_management_contact_id]
    )
    client_it_contact: Mapped[User | None] = relationship(foreign_keys=[client_it_contact_id])

    __mapper_args__ = {"version_id_col": version}

    @property
    def max_attachment_bytes(self) -> int:
        return self.max_attachment_mb * 1024 * 1024

    def resolution_minutes(self, priority: str) -> int:
        return getattr(self, f"resolution_{priority.lower()}_minutes")
