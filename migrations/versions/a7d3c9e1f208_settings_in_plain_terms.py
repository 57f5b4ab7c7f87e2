"""holiday years' official notice, the contract's VIP raise and replaced calendar choices,
breach reasons

Revision ID: a7d3c9e1f208
Revises: 4cf5ad32bf90
Create Date: 2026-12-04 04:05:00

"""

import sqlalchemy as sa
from alembic import op

import app.extensions

revision = "a7d3c9e1f208"
down_revision = "4cf5ad32bf90"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sla_holiday_years") as batch:
        batch.add_column(sa.Column("source", sa.String(300), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("source_url", sa.String(500), nullable=False, server_default="")
        )
    with op.batch_alter_table("contracts") as batch:
        batch.add_column(
            sa.Column("sla_calendars_before", sa.JSON(), nullable=False, server_default="[]")
        )
        batch.add_column(
            sa.Column(
                "vip_raises_priority", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
    op.create_table(
        "sla_breach_reasons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", app.extensions.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["tickets.id"],
            name=op.f("fk_sla_breach_reasons_ticket_id_tickets"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_sla_breach_reasons_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_breach_reasons")),
        sa.UniqueConstraint(
            "ticket_id", "metric", name=op.f("uq_sla_breach_reasons_ticket_id")
        ),
    )


def downgrade():
    op.drop_table("sla_breach_reasons")
    with op.batch_alter_table("contracts") as batch:
        batch.drop_column("vip_raises_priority")
        batch.drop_column("sla_calendars_before")
    with op.batch_alter_table("sla_holiday_years") as batch:
        batch.drop_column("source_url")
        batch.drop_column("source")
