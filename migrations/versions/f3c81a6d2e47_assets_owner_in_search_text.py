"""assets: the owner's name and email in the search column, so search reads one index

Revision ID: f3c81a6d2e47
Revises: e5b9aed331cd
Create Date: 2026-11-25 21:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f3c81a6d2e47'
down_revision = 'e5b9aed331cd'
branch_labels = None
depends_on = None

assets = sa.table(
    'assets',
    sa.column('id', sa.Integer), sa.column('tag', sa.String), sa.column('serial', sa.String),
    sa.column('hostname', sa.String), sa.column('owner_id', sa.Integer),
    sa.column('search_text', sa.Text),
)
users = sa.table('users', sa.column('id', sa.Integer), sa.column('name', sa.String),
                 sa.column('email', sa.String))


def search_text(*parts):
    # as app.assets.models.search_text_of, frozen here for this revision
    return " ".join(part for part in parts if part).lower()


def replace_column(column_type, with_owner):
    # dropped and added again rather than altered: SQLite would rebuild the referenced table
    op.drop_index('ix_assets_search_text', table_name='assets')
    op.drop_column('assets', 'search_text')
    op.add_column('assets', sa.Column('search_text', column_type, nullable=False, server_default=''))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(assets.c.id, assets.c.tag, assets.c.serial, assets.c.hostname, users.c.name,
                  users.c.email)
        .select_from(assets.outerjoin(users, users.c.id == assets.c.owner_id))
    ).all()
    values = [
        {'asset_id': row.id,
         'text': search_text(row.tag, row.serial, row.hostname,
                             *((row.name, row.email) if with_owner else ()))}
        for row in rows
    ]
    if values:
        bind.execute(
            assets.update().where(assets.c.id == sa.bindparam('asset_id'))
            .values(search_text=sa.bindparam('text')),
            values,
        )
    op.create_index(
        'ix_assets_search_text', 'assets', ['search_text'], unique=False,
        postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'},
    )


def upgrade():
    replace_column(sa.Text(), with_owner=True)


def downgrade():
    replace_column(sa.String(length=260), with_owner=False)
