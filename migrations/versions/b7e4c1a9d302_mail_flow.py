"""mail that is due: the outbox names each mail's kind, a reply by mail keeps its whole text,
a survey rating is recorded before its optional answers, an installation request can be rejected

Revision ID: b7e4c1a9d302
Revises: 4cf5ad32bf90
Create Date: 2026-12-04 03:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.extensions


# revision identifiers, used by Alembic.
revision = 'b7e4c1a9d302'
down_revision = "a7d3c9e1f208"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('template', sa.String(length=40), nullable=False, server_default=''))
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_original', sa.Text(), nullable=True))
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('details_at', app.extensions.UTCDateTime(), nullable=True))
    with op.batch_alter_table('installations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rejection_reason', sa.Text(), nullable=False, server_default=''))
    # every earlier response was sent whole, from one form
    op.execute('UPDATE survey_responses SET details_at = submitted_at')


def downgrade():
    with op.batch_alter_table('installations', schema=None) as batch_op:
        batch_op.drop_column('rejection_reason')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_column('details_at')
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_column('mail_original')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('template')
