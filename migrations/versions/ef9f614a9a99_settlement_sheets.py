"""settlement sheets

Revision ID: ef9f614a9a99
Revises: 1a791cd76411
Create Date: 2026-12-03 20:11:33.959687

"""
from alembic import op
import sqlalchemy as sa

import app.extensions


# revision identifiers, used by Alembic.
revision = 'ef9f614a9a99'
down_revision = '1a791cd76411'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'settlement_price_lists',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('valid_from', sa.Date(), nullable=False),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.Column('resident_engineer_fen', sa.BigInteger(), nullable=False),
        sa.Column('desk_staff_fen', sa.BigInteger(), nullable=False),
        sa.Column('replacement_fen', sa.BigInteger(), nullable=False),
        sa.Column('handling_fee_kind', sa.String(length=8), nullable=False),
        sa.Column('handling_fee_value', sa.BigInteger(), nullable=False),
        sa.Column('created_at', app.extensions.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('valid_from'),
    )
    op.create_table(
        'settlement_staffing',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('position', sa.String(length=20), nullable=False),
        sa.Column('person_name', sa.String(length=100), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=True),
        sa.Column('created_at', app.extensions.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'settlement_sheets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('computed_at', app.extensions.UTCDateTime(), nullable=False),
        sa.Column('sent_at', app.extensions.UTCDateTime(), nullable=True),
        sa.Column('sent_to', sa.String(length=254), nullable=False),
        sa.Column('sent_count', sa.Integer(), nullable=False),
        sa.Column('answered_at', app.extensions.UTCDateTime(), nullable=True),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('dispute_note', sa.Text(), nullable=False),
        sa.Column('total_fen', sa.BigInteger(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['answered_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('month'),
    )
    with op.batch_alter_table('settlement_sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_settlement_sheets_status'), ['status'], unique=False)
    op.create_table(
        'settlement_lines',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sheet_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('item', sa.String(length=20), nullable=False),
        sa.Column('adjustment', sa.Boolean(), nullable=False),
        sa.Column('note', sa.JSON(), nullable=False),
        sa.Column('quantity_e4', sa.BigInteger(), nullable=False),
        sa.Column('unit_price_fen', sa.BigInteger(), nullable=False),
        sa.Column('total_fen', sa.BigInteger(), nullable=False),
        sa.Column('sources', sa.JSON(), nullable=False),
        sa.Column('refers_to', sa.String(length=7), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', app.extensions.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['sheet_id'], ['settlement_sheets.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('settlement_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_settlement_lines_sheet_id'), ['sheet_id'], unique=False)
    op.create_table(
        'settlement_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sheet_id', sa.Integer(), nullable=False),
        sa.Column('at', app.extensions.UTCDateTime(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('code', sa.String(length=24), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id']),
        sa.ForeignKeyConstraint(['sheet_id'], ['settlement_sheets.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('settlement_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_settlement_events_sheet_id'), ['sheet_id'], unique=False)


def downgrade():
    with op.batch_alter_table('settlement_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_settlement_events_sheet_id'))
    op.drop_table('settlement_events')
    with op.batch_alter_table('settlement_lines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_settlement_lines_sheet_id'))
    op.drop_table('settlement_lines')
    with op.batch_alter_table('settlement_sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_settlement_sheets_status'))
    op.drop_table('settlement_sheets')
    op.drop_table('settlement_staffing')
    op.drop_table('settlement_price_lists')
