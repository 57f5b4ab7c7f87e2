"""complaints: a complaint the portal opens itself (a low survey rating) keeps its title and
text as a code with parameters, worded in each reader's language; an edit's history line keeps
the fields it changed, worded when read

Revision ID: 8d3f1a6c2b57
Revises: 5e2b7c9a1d04
Create Date: 2026-12-04 21:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "8d3f1a6c2b57"
down_revision = "5e2b7c9a1d04"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("complaints", sa.Column("words_code", sa.String(length=40), nullable=True))
    op.add_column("complaints", sa.Column("words_params", sa.JSON(), nullable=True))
    op.add_column("complaint_events", sa.Column("changes", sa.JSON(), nullable=True))


def downgrade():
    op.drop_column("complaint_events", "changes")
    op.drop_column("complaints", "words_params")
    op.drop_column("complaints", "words_code")
