"""background jobs on the queue engine

Revision ID: 77dbd8eb823d
Revises: 4cf5ad32bf90
Create Date: 2026-12-04 03:47:56.307317

"""
from alembic import op
import sqlalchemy as sa

import app.extensions


# revision identifiers, used by Alembic.
revision = '77dbd8eb823d'
down_revision = "b7e4c1a9d302"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('background_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('cancel_requested', sa.Boolean(), nullable=False),
    sa.Column('error_code', sa.String(length=40), nullable=False),
    sa.Column('error_params', sa.JSON(), nullable=False),
    sa.Column('result_name', sa.String(length=200), nullable=False),
    sa.Column('result_mimetype', sa.String(length=100), nullable=False),
    sa.Column('result_path', sa.String(length=400), nullable=False),
    sa.Column('result_url', sa.String(length=400), nullable=False),
    sa.Column('runs', sa.Integer(), nullable=False),
    sa.Column('created_at', app.extensions.UTCDateTime(), nullable=False),
    sa.Column('started_at', app.extensions.UTCDateTime(), nullable=True),
    sa.Column('finished_at', app.extensions.UTCDateTime(), nullable=True),
    sa.Column('expires_at', app.extensions.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_background_jobs_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_background_jobs'))
    )
    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_background_jobs_expires_at', ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_background_jobs_owner_id'), ['owner_id'], unique=False)
    # the queue engine's task locks replace the worker's lease rows
    op.drop_table('job_leases')


def downgrade():
    op.create_table('job_leases',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=64), nullable=True),
    sa.Column('lease_until', app.extensions.UTCDateTime(), nullable=True),
    sa.Column('last_run_at', app.extensions.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_leases'))
    )
    with op.batch_alter_table('background_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_background_jobs_owner_id'))
        batch_op.drop_index('ix_background_jobs_expires_at')
    op.drop_table('background_jobs')
