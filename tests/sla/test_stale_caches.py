"""Due times cached under earlier clock rules are recomputed after an upgrade."""

import sqlalchemy as sa
import time_machine
from flask_migrate import downgrade, upgrade

from app.extensions import db, utcnow
from app.sla import scan
from app.sla.models import SlaWatch
from app.tickets import actions
from app.tickets.models import Ticket
from tests.factories import open_ticket, perform
from tests.sla.helpers import sh, user

BEFORE = "4cf5ad32bf90"  # the revision before the current clock rules


@time_machine.travel(sh(2026, 11, 30, 10, 6), tick=False)
def test_the_upgrade_recomputes_cached_clocks_written_before(app, users):
    with app.test_request_context():
        waiting = open_ticket(now=sh(2026, 11, 30, 9, 0), urgency="high", impact="medium")
        perform(actions.accept, waiting, "agent", sh(2026, 11, 30, 9, 1))
        perform(actions.dispatch, waiting, "agent", sh(2026, 11, 30, 9, 2), user("engineer"))
        perform(actions.pend, waiting, "engineer", sh(2026, 11, 30, 9, 5), waiting_for="customer")
        perform(actions.resume, waiting, "engineer", sh(2026, 11, 30, 10, 5))
        done = open_ticket(now=sh(2026, 11, 30, 9, 0))
        perform(actions.accept, done, "agent", sh(2026, 11, 30, 9, 1))
        perform(actions.resolve, done, "agent", sh(2026, 11, 30, 9, 20))
        right = waiting.due_at
        ids = waiting.id, done.id
        # what the earlier rules left: the arrival clock ran on through the wait (due 09:12,
        # not 10:12 with the hour waiting for the user left out), a resolved
        # ticket kept a due time, and nobody was going to look at either again
        db.session.execute(
            sa.update(Ticket).where(Ticket.id == ids[0]).values(due_at=sh(2026, 11, 30, 9, 12))
        )
        db.session.execute(
            sa.update(Ticket).where(Ticket.id == ids[1]).values(due_at=sh(2026, 12, 1, 9, 0))
        )
        db.session.execute(sa.delete(SlaWatch))
        db.session.commit()
        db.session.remove()
        downgrade(revision=BEFORE)
        upgrade()
        assert db.session.get(Ticket, ids[1]).due_at is None
        assert db.session.scalars(sa.select(SlaWatch.ticket_id)).all() == [ids[0]]
        scan.scan(utcnow())
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Ticket, ids[0]).due_at == right == sh(2026, 11, 30, 10, 12)
