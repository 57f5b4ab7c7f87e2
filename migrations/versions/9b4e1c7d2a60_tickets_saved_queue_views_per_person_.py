"""tickets: saved queue views per person; the open tickets' index in the queue's order

Revision ID: 9b4e1c7d2a60
Revises: 4cf5ad32bf90
Create Date: 2026-12-04 04:10:00

"""
import sqlalchemy as sa
from alembic import op

from app.extensions import UTCDateTime

# revision identifiers, used by Alembic.
revision = '9b4e1c7d2a60'
down_revision = "5534a7673d50"
branch_labels = None
depends_on = None

OPEN = (
    "status IN ('accepted', 'dispatched', 'new', 'onsite', 'pending_customer', "
    "'pending_vendor', 'remote')"
)


def upgrade():
    op.create_table(
        'saved_views',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('filters', sa.JSON(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('user_id', 'name', name='uq_saved_views_user_name'),
    )
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_views_user_id'), ['user_id'], unique=False)
    # the queue's order over open tickets only; partial, so closed history costs it nothing
    op.create_index(
        'ix_tickets_open_queue',
        'tickets',
        ['priority', sa.text('(due_at IS NULL)'), 'due_at', 'id'],
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )
    op.create_index(
        'ix_tickets_open_due',
        'tickets',
        [sa.text('(due_at IS NULL)'), 'due_at', 'id'],
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )
    op.create_index('ix_tickets_updated', 'tickets', ['updated_at'])


def downgrade():
    op.drop_index('ix_tickets_updated', table_name='tickets')
    op.drop_index('ix_tickets_open_due', table_name='tickets')
    op.drop_index('ix_tickets_open_queue', table_name='tickets')
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_views_user_id'))
    op.drop_table('saved_views')
