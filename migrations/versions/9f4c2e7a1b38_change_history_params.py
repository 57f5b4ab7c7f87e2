"""changes: a history line keeps what the portal says as parameters — the fields an edit
changed, the assets a completed change updated in the register — worded when read; the
sentences written before are converted

Revision ID: 9f4c2e7a1b38
Revises: 8d3f1a6c2b57
Create Date: 2026-12-04 21:40:00.000000

"""

import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "9f4c2e7a1b38"
down_revision = "8d3f1a6c2b57"
branch_labels = None
depends_on = None

FIELD_LIST = re.compile(r"^[a-z_]+(, [a-z_]+)*$")
REGISTER = re.compile(r"(?:^|\n)Asset register updated: (.+)$")


def upgrade():
    op.add_column("change_events", sa.Column("params", sa.JSON(), nullable=True))
    events = sa.table(
        "change_events",
        sa.column("id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("note", sa.Text),
        sa.column("params", sa.JSON),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(events.c.id, events.c.action, events.c.note).where(events.c.note != "")
    ).all()
    for row_id, action, note in rows:
        if action == "edited" and FIELD_LIST.match(note):
            params, note = {"fields": note.split(", ")}, ""
        elif found := REGISTER.search(note):
            params, note = {"assets": found.group(1).split(", ")}, note[: found.start()]
        else:
            continue
        connection.execute(
            sa.update(events).where(events.c.id == row_id).values(params=params, note=note)
        )


def downgrade():
    op.drop_column("change_events", "params")
