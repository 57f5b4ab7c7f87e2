"""problems: problem records with their root-cause analysis, parties, links and history;
recurrence candidates and dismissals; the contract's recurrence settings

Revision ID: c4d7e2a91f30
Revises: b8e1f4a93c27
Create Date: 2026-12-03 13:11:27.748354

"""
from alembic import op
import sqlalchemy as sa

import app.extensions


# revision identifiers, used by Alembic.
revision = 'c4d7e2a91f30'
down_revision = 'b8e1f4a93c27'
branch_labels = None
depends_on = None


def upgrade():
    # problem records (S16) and recurrence candidates (S9); the contract's detection settings
    op.create_table('recurrence_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=100), nullable=False),
    sa.Column('first_at', app.extensions.UTCDateTime(), nullable=False),
    sa.Column('last_at', app.extensions.UTCDateTime(), nullable=False),
    sa.Column('detected_at', app.extensions.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recurrence_candidates')),
    sa.UniqueConstraint('kind', 'value', name=op.f('uq_recurrence_candidates_kind'))
    )
    op.create_table('problems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('severity', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('cause_id', sa.Integer(), nullable=True),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('fix', sa.Text(), nullable=False),
    sa.Column('workaround', sa.Text(), nullable=False),
    sa.Column('prevention', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.extensions.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.extensions.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', app.extensions.UTCDateTime(), nullable=True),
    sa.Column('closed_at', app.extensions.UTCDateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cause_id'], ['problems.id'], name=op.f('fk_problems_cause_id_problems'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_problems_created_by_id_users')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_problems_owner_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problems')),
    sa.UniqueConstraint('number', name=op.f('uq_problems_number'))
    )
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problems_cause_id'), ['cause_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_problems_resolved_at'), ['resolved_at'], unique=False)
        batch_op.create_index('ix_problems_status_severity', ['status', 'severity'], unique=False)

    op.create_table('problem_assets',
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('asset_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['assets.id'], name=op.f('fk_problem_assets_asset_id_assets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_assets_problem_id_problems'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('problem_id', 'asset_id', name=op.f('pk_problem_assets'))
    )
    with op.batch_alter_table('problem_assets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_assets_asset_id'), ['asset_id'], unique=False)

    op.create_table('problem_catalog_items',
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('catalog_item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['catalog_item_id'], ['catalog_items.id'], name=op.f('fk_problem_catalog_items_catalog_item_id_catalog_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_catalog_items_problem_id_problems'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('problem_id', 'catalog_item_id', name=op.f('pk_problem_catalog_items'))
    )
    with op.batch_alter_table('problem_catalog_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_catalog_items_catalog_item_id'), ['catalog_item_id'], unique=False)

    op.create_table('problem_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('at', app.extensions.UTCDateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=True),
    sa.Column('to_status', sa.String(length=20), nullable=True),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_problem_events_actor_id_users')),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_events_problem_id_problems'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_events'))
    )
    with op.batch_alter_table('problem_events', schema=None) as batch_op:
        batch_op.create_index('ix_problem_events_problem', ['problem_id', 'id'], unique=False)

    op.create_table('problem_incidents',
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('linked_at', app.extensions.UTCDateTime(), nullable=False),
    sa.Column('linked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['linked_by_id'], ['users.id'], name=op.f('fk_problem_incidents_linked_by_id_users')),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_incidents_problem_id_problems'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_problem_incidents_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('problem_id', 'ticket_id', name=op.f('pk_problem_incidents')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_problem_incidents_ticket_id'))
    )
    op.create_table('problem_parties',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('side', sa.String(length=12), nullable=False),
    sa.Column('agreed_at', app.extensions.UTCDateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_parties_problem_id_problems'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_problem_parties_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_parties'))
    )
    with op.batch_alter_table('problem_parties', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_parties_problem_id'), ['problem_id'], unique=False)

    op.create_table('problem_whys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_whys_problem_id_problems'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_whys'))
    )
    with op.batch_alter_table('problem_whys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_whys_problem_id'), ['problem_id'], unique=False)

    op.create_table('recurrence_candidate_tickets',
    sa.Column('candidate_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['candidate_id'], ['recurrence_candidates.id'], name=op.f('fk_recurrence_candidate_tickets_candidate_id_recurrence_candidates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_recurrence_candidate_tickets_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('candidate_id', 'ticket_id', name=op.f('pk_recurrence_candidate_tickets'))
    )
    with op.batch_alter_table('recurrence_candidate_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recurrence_candidate_tickets_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('recurrence_dismissals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('value', sa.String(length=100), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('dismissed_at', app.extensions.UTCDateTime(), nullable=False),
    sa.Column('dismissed_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['dismissed_by_id'], ['users.id'], name=op.f('fk_recurrence_dismissals_dismissed_by_id_users')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_recurrence_dismissals_ticket_id_tickets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recurrence_dismissals')),
    sa.UniqueConstraint('kind', 'value', 'ticket_id', name=op.f('uq_recurrence_dismissals_kind'))
    )
    with op.batch_alter_table('recurrence_dismissals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recurrence_dismissals_ticket_id'), ['ticket_id'], unique=False)

    op.create_table('problem_changes',
    sa.Column('problem_id', sa.Integer(), nullable=False),
    sa.Column('change_id', sa.Integer(), nullable=False),
    sa.Column('linked_at', app.extensions.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['change_id'], ['changes.id'], name=op.f('fk_problem_changes_change_id_changes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['problem_id'], ['problems.id'], name=op.f('fk_problem_changes_problem_id_problems'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('problem_id', 'change_id', name=op.f('pk_problem_changes'))
    )
    with op.batch_alter_table('problem_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_problem_changes_change_id'), ['change_id'], unique=False)

    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('recurrence_window_days', sa.Integer(), nullable=False, server_default='30'))
        batch_op.add_column(sa.Column('recurrence_asset_incidents', sa.Integer(), nullable=False, server_default='3'))
        batch_op.add_column(sa.Column('recurrence_model_incidents', sa.Integer(), nullable=False, server_default='3'))
        batch_op.add_column(sa.Column('recurrence_item_incidents', sa.Integer(), nullable=False, server_default='3'))



def downgrade():
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_column('recurrence_item_incidents')
        batch_op.drop_column('recurrence_model_incidents')
        batch_op.drop_column('recurrence_asset_incidents')
        batch_op.drop_column('recurrence_window_days')

    with op.batch_alter_table('problem_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_changes_change_id'))

    op.drop_table('problem_changes')
    with op.batch_alter_table('recurrence_dismissals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recurrence_dismissals_ticket_id'))

    op.drop_table('recurrence_dismissals')
    with op.batch_alter_table('recurrence_candidate_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recurrence_candidate_tickets_ticket_id'))

    op.drop_table('recurrence_candidate_tickets')
    with op.batch_alter_table('problem_whys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_whys_problem_id'))

    op.drop_table('problem_whys')
    with op.batch_alter_table('problem_parties', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_parties_problem_id'))

    op.drop_table('problem_parties')
    op.drop_table('problem_incidents')
    with op.batch_alter_table('problem_events', schema=None) as batch_op:
        batch_op.drop_index('ix_problem_events_problem')

    op.drop_table('problem_events')
    with op.batch_alter_table('problem_catalog_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_catalog_items_catalog_item_id'))

    op.drop_table('problem_catalog_items')
    with op.batch_alter_table('problem_assets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_problem_assets_asset_id'))

    op.drop_table('problem_assets')
    with op.batch_alter_table('problems', schema=None) as batch_op:
        batch_op.drop_index('ix_problems_status_severity')
        batch_op.drop_index(batch_op.f('ix_problems_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_problems_owner_id'))
        batch_op.drop_index(batch_op.f('ix_problems_created_at'))
        batch_op.drop_index(batch_op.f('ix_problems_cause_id'))

    op.drop_table('problems')
    op.drop_table('recurrence_candidates')
