"""changes: the free-text problem numbers become links to problem records; a number that
names no problem is kept in the change's history

Revision ID: d5e8f3b02a41
Revises: c4d7e2a91f30
Create Date: 2026-12-03 13:30:00.000000

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

import app.extensions


# revision identifiers, used by Alembic.
revision = 'd5e8f3b02a41'
down_revision = 'c4d7e2a91f30'
branch_labels = None
depends_on = None

UTC_TIME = app.extensions.UTCDateTime()
changes = sa.table(
    "changes",
    sa.column("id", sa.Integer),
    sa.column("number", sa.String),
    sa.column("problem_numbers", sa.JSON),
)
problems = sa.table("problems", sa.column("id", sa.Integer), sa.column("number", sa.String))
problem_changes = sa.table(
    "problem_changes",
    sa.column("problem_id", sa.Integer),
    sa.column("change_id", sa.Integer),
    sa.column("linked_at", UTC_TIME),
)
problem_events = sa.table(
    "problem_events",
    sa.column("problem_id", sa.Integer),
    sa.column("at", UTC_TIME),
    sa.column("actor_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("params", sa.JSON),
    sa.column("note", sa.Text),
)
change_events = sa.table(
    "change_events",
    sa.column("change_id", sa.Integer),
    sa.column("at", UTC_TIME),
    sa.column("actor_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("note", sa.Text),
)


def upgrade():
    connection = op.get_bind()
    now = datetime.now(UTC)
    by_number = {number.upper(): id_ for id_, number in connection.execute(
        sa.select(problems.c.id, problems.c.number))}
    rows = connection.execute(
        sa.select(changes.c.id, changes.c.number, changes.c.problem_numbers)
    ).all()
    for change_id, change_number, numbers in rows:
        linked, unmatched = set(), []
        for raw in numbers or []:
            number = str(raw).strip().upper()
            problem_id = by_number.get(number)
            if problem_id is None:
                unmatched.append(str(raw).strip())
            elif problem_id not in linked:
                linked.add(problem_id)
                connection.execute(problem_changes.insert().values(
                    problem_id=problem_id, change_id=change_id, linked_at=now))
                connection.execute(problem_events.insert().values(
                    problem_id=problem_id, at=now, actor_id=None, action="change_linked",
                    params={"numbers": [change_number]}, note=""))
        if unmatched:
            connection.execute(change_events.insert().values(
                change_id=change_id, at=now, actor_id=None, action="problems_unmatched",
                note=", ".join(unmatched)))
    drop_problem_numbers(connection)


def drop_problem_numbers(connection):
    """SQLite drops the column in place: a batch copy of `changes` would drop the old table,
    and with foreign keys on that deletes every row that cascades from it (history, links)."""
    if connection.dialect.name == "sqlite":
        op.execute("ALTER TABLE changes DROP COLUMN problem_numbers")
    else:
        op.drop_column("changes", "problem_numbers")


def downgrade():
    op.add_column('changes', sa.Column('problem_numbers', sa.JSON(), nullable=False,
                                       server_default='[]'))
    connection = op.get_bind()
    numbers: dict[int, list[str]] = {}
    for change_id, number in connection.execute(
        sa.select(problem_changes.c.change_id, problems.c.number)
        .join(problems, problems.c.id == problem_changes.c.problem_id)
        .order_by(problems.c.number)
    ):
        numbers.setdefault(change_id, []).append(number)
    for change_id, values in numbers.items():
        connection.execute(
            changes.update().where(changes.c.id == change_id).values(problem_numbers=values))
