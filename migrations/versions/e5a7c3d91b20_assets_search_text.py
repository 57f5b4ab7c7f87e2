"""assets: a narrow, lower-case search column for the register's search-as-you-type

Revision ID: e5a7c3d91b20
Revises: a04d64b5ad14
Create Date: 2026-11-25 19:25:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.extensions


# revision identifiers, used by Alembic.
revision = 'e5a7c3d91b20'
down_revision = 'a04d64b5ad14'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.String(length=260), nullable=False, server_default=''))
    op.execute("UPDATE assets SET search_text = lower(tag || ' ' || serial || ' ' || hostname)")
    # PostgreSQL: a trigram index (LIKE '%text%' without reading the table); SQLite: a b-tree
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index(
        'ix_assets_search_text', 'assets', ['search_text'], unique=False,
        postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'},
    )


def downgrade():
    op.drop_index('ix_assets_search_text', table_name='assets')
    with op.batch_alter_table('assets', schema=None) as batch_op:
        batch_op.drop_column('search_text')
