"""tickets: what the portal says in a ticket's history is a code with parameters

Revision ID: 8cab53360a0c
Revises: d5e8f3b02a41
Create Date: 2026-11-26 10:00:00.000000

"""
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8cab53360a0c'
down_revision = 'd5e8f3b02a41'
branch_labels = None
depends_on = None

events = sa.table(
    "ticket_events",
    sa.column("id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("note", sa.Text),
    sa.column("note_code", sa.String),
    sa.column("note_params", sa.JSON),
)
# the sentences the portal wrote until now (English, or the actor's Chinese), frozen here
SENTENCES = {
    ("start_remote", "Phone call taken"): "phone_call",
    ("start_remote", "已接听电话"): "phone_call",
    ("confirm", "Confirmed from the e-mail link."): "confirmed_by_link",
    ("confirm", "已通过邮件链接确认。"): "confirmed_by_link",
    ("resume", "The requester answered by email."): "answered_by_mail",
    ("close", "Closed automatically: no confirmation received."): "auto_closed",
    ("resolve", "Installation signed off."): "installation_signed_off",
    ("confirm", "Installation signed off."): "installation_signed_off",
}
ENGLISH = {
    "phone_call": "Phone call taken",
    "confirmed_by_link": "Confirmed from the e-mail link.",
    "answered_by_mail": "The requester answered by email.",
    "auto_closed": "Closed automatically: no confirmation received.",
    "installation_signed_off": "Installation signed off.",
}
DUPLICATE = re.compile(r"Duplicate of (\S+)\Z")
WROTE = re.compile(r"(.+?) wrote by email:\n\n(.*)\Z", re.S)


def coded(action: str, note: str):
    """(code, params, remaining note) of a stored sentence, or None for a person's words."""
    if (action, note) in SENTENCES:
        return SENTENCES[(action, note)], None, ""
    if action == "cancel" and (found := DUPLICATE.match(note)):
        return "duplicate_of", {"number": found[1]}, ""
    if action in ("comment", "reopen") and (found := WROTE.match(note)):
        return "wrote_by_mail", {"sender": found[1]}, found[2]
    return None


def upgrade():
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_code', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('note_params', sa.JSON(), nullable=True))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(events.c.id, events.c.action, events.c.note).where(
            events.c.action.in_(sorted({a for a, _ in SENTENCES} | {"cancel", "comment", "reopen"})),
            events.c.note != "",
        )
    )
    for row in rows.all():
        found = coded(row.action, row.note)
        if found:
            code, params, note = found
            values = {"note_code": code, "note": note} | ({"note_params": params} if params else {})
            bind.execute(events.update().where(events.c.id == row.id).values(**values))


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(events.c.id, events.c.note_code, events.c.note_params, events.c.note)
        .where(events.c.note_code.is_not(None))
    )
    for row in rows.all():
        params = row.note_params or {}
        if row.note_code == "duplicate_of":
            note = f"Duplicate of {params.get('number', '')}"
        elif row.note_code == "wrote_by_mail":
            note = f"{params.get('sender', '')} wrote by email:\n\n{row.note}"
        else:
            note = ENGLISH.get(row.note_code, row.note)
        bind.execute(events.update().where(events.c.id == row.id).values(note=note))
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.drop_column('note_params')
        batch_op.drop_column('note_code')
