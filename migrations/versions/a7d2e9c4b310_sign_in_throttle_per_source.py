"""accounts: sign-in failures counted per source address and within one lock period

Revision ID: a7d2e9c4b310
Revises: f3c81a6d2e47
Create Date: 2026-11-25 21:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.extensions


# revision identifiers, used by Alembic.
revision = 'a7d2e9c4b310'
down_revision = 'f3c81a6d2e47'
branch_labels = None
depends_on = None


def upgrade():
    # the counts are short-lived: the table is made again rather than converted
    op.drop_table('login_throttle')
    op.create_table('login_throttle',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('counting_since', app.extensions.UTCDateTime(), nullable=True),
    sa.Column('locked_until', app.extensions.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('email', 'source', name=op.f('pk_login_throttle'))
    )


def downgrade():
    op.drop_table('login_throttle')
    op.create_table('login_throttle',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', app.extensions.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('email', name=op.f('pk_login_throttle'))
    )
