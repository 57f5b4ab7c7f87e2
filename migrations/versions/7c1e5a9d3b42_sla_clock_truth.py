"""sla: the contract says which clocks pause while a ticket waits for a third party; cached due
times are recomputed under the current clock rules, and finished tickets carry none

Revision ID: 7c1e5a9d3b42
Revises: 9b4e1c7d2a60
Create Date: 2026-12-04 04:00:00.000000

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import app.extensions

# revision identifiers, used by Alembic.
revision = "7c1e5a9d3b42"
down_revision = "9b4e1c7d2a60"
branch_labels = None
depends_on = None

OPEN = ("new", "accepted", "remote", "dispatched", "onsite", "pending_customer", "pending_vendor")
FINISHED = ("resolved", "closed", "cancelled")


def upgrade():
    with op.batch_alter_table("contracts") as batch:
        batch.add_column(
            sa.Column(
                "vendor_wait_pauses",
                sa.JSON(),
                nullable=False,
                server_default=sa.text("'[\"resolution\"]'"),
            )
        )
    recompute_cached_clocks()


def recompute_cached_clocks():
    """Due times cached under earlier clock rules go stale: finished tickets lose theirs at
    once, and the worker's next SLA scan replays every open ticket (its watch row says now)."""
    tickets = sa.table("tickets", sa.column("id"), sa.column("status"), sa.column("due_at"))
    watch = sa.table(
        "sla_watch",
        sa.column("ticket_id"),
        sa.column("check_at", app.extensions.UTCDateTime()),
    )
    connection = op.get_bind()
    connection.execute(tickets.update().where(tickets.c.status.in_(FINISHED)).values(due_at=None))
    open_ids = sa.select(tickets.c.id).where(tickets.c.status.in_(OPEN))
    connection.execute(sa.delete(watch).where(watch.c.ticket_id.in_(open_ids)))
    now = sa.literal(datetime.now(UTC), app.extensions.UTCDateTime())
    connection.execute(
        sa.insert(watch).from_select(
            ["ticket_id", "check_at"],
            sa.select(tickets.c.id, now).where(tickets.c.status.in_(OPEN)),
        )
    )


def downgrade():
    with op.batch_alter_table("contracts") as batch:
        batch.drop_column("vendor_wait_pauses")
