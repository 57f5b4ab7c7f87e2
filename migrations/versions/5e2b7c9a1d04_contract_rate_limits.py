"""contracts: the rate limits of sign-in, password-reset requests, mail link pages and the API
per token are the contract's settings; empty means the deployment's default

Revision ID: 5e2b7c9a1d04
Revises: 7c1e5a9d3b42
Create Date: 2026-12-04 21:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5e2b7c9a1d04"
down_revision = "7c1e5a9d3b42"
branch_labels = None
depends_on = None

COLUMNS = (
    "sign_ins_per_minute",
    "password_resets_per_hour",
    "link_opens_per_minute",
    "api_calls_per_minute",
)


def upgrade():
    for name in COLUMNS:
        op.add_column("contracts", sa.Column(name, sa.Integer(), nullable=True))


def downgrade():
    for name in reversed(COLUMNS):
        op.drop_column("contracts", name)
