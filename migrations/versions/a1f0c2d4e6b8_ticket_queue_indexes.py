"""ticket queue indexes

Revision ID: a1f0c2d4e6b8
Revises: 5d3963b5dd7a
Create Date: 2026-11-25 19:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1f0c2d4e6b8'
down_revision = '5d3963b5dd7a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_status_updated', ['status', 'updated_at'], unique=False)
        batch_op.drop_index('ix_tickets_queue')
        batch_op.create_index(
            'ix_tickets_queue',
            ['status', 'priority', 'due_at', 'catalog_item_id', 'assignee_id', 'channel'],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_index('ix_tickets_queue')
        batch_op.create_index('ix_tickets_queue', ['status', 'priority', 'due_at'], unique=False)
        batch_op.drop_index('ix_tickets_status_updated')
