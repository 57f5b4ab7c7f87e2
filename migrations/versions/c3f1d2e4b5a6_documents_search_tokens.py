"""documents: titles and texts cut into the knowledge base's search tokens

Revision ID: c3f1d2e4b5a6
Revises: a47ac3eff5a7
Create Date: 2026-12-04 01:40:00

"""
from alembic import op
import sqlalchemy as sa

from app.knowledge.tokens import index_tokens


# revision identifiers, used by Alembic.
revision = 'c3f1d2e4b5a6'
down_revision = 'a47ac3eff5a7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_tokens', sa.Text(), nullable=False, server_default=''))
    documents = sa.table('documents', sa.column('id'), sa.column('title'), sa.column('body_text'), sa.column('search_tokens'))
    connection = op.get_bind()
    for row in connection.execute(sa.select(documents.c.id, documents.c.title, documents.c.body_text)).all():
        text = (row.title or '') + "\n" + (row.body_text or '')
        tokens = " " + index_tokens(text) + " "
        connection.execute(documents.update().where(documents.c.id == row.id).values(search_tokens=tokens))


def downgrade():
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('search_tokens')
