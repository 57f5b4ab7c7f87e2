"""What a new problem starts from: tickets picked in the queue, or a recurrence candidate."""

import sqlalchemy as sa
from flask_babel import gettext as _

from app.assets.models import Asset
from app.extensions import db
from app.problems import detection
from app.problems.models import RecurrenceCandidate
from app.tickets.models import Ticket
from app.web.i18n import current_lang

MAX_TICKETS = 200


def prefill(form, numbers: list[str], candidate_id: str | None) -> None:
    """Fill the new-problem form: incidents, their catalog items and assets, a title."""
    candidate = None
    if candidate_id and candidate_id.isdigit():
        candidate = db.session.get(RecurrenceCandidate, int(candidate_id))
    if candidate is not None:
        tickets = list(candidate.tickets)
    else:
        wanted = [n.strip().upper() for n in numbers if n.strip()][:MAX_TICKETS]
        tickets = list(
            db.session.scalars(
                sa.select(Ticket).where(Ticket.number.in_(wanted)).order_by(Ticket.created_at)
            )
        )
    tickets = [t for t in tickets if t.type == "incident"]
    if not tickets:
        return
    form.incident_numbers.data = " ".join(t.number for t in tickets)
    tags = list(dict.fromkeys(tag for t in tickets for tag in (t.asset_tags or [])))
    items = list(dict.fromkeys(t.catalog_item.code for t in tickets))
    if candidate is not None and candidate.kind == "asset":
        tags = [candidate.value]
    elif candidate is not None and candidate.kind == "model":
        tags = list(
            db.session.scalars(
                sa.select(Asset.tag)
                .where(Asset.tag.in_(tags), Asset.model == candidate.value)
                .order_by(Asset.tag)
            )
        )
    elif candidate is not None:
        items = [candidate.value]
    form.asset_tags.data = ", ".join(tags)
    form.catalog_items.data = items
    if candidate is not None:
        form.title.data = _(
            "%(count)d incidents on %(name)s",
            count=len(tickets),
            name=detection.display_name(candidate, current_lang()),
        )
        form.description.data = "\n".join(f"{t.number} · {t.title}" for t in tickets)
    elif len(tickets) == 1:
        form.title.data = tickets[0].title
