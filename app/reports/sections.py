"""The report's other sections: complaints, top issues, changes, assets and staffing."""

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import force_locale

from app.accounts.models import User
from app.accounts.roles import AGENT, ENGINEER
from app.contracts.models import Contract
from app.extensions import db
from app.reports import rules
from app.reports.facts import (
    TicketFacts,
)
from app.reports.rules import Period
from app.reports.service_levels import days_off, named
from app.tickets.models import CatalogItem
from app.web.i18n import iso

# how many lines a list section keeps (the totals count them all)
LIST_LIMIT = 30
TOP_LIMIT = 10
MOVEMENT_FIELDS = ("created", "owner", "department", "location", "status")


def words_of(complaint, lang: str) -> str:
    from app.complaints.labels import title_of

    with force_locale(lang):
        return title_of(complaint)


def complaints(period: Period) -> dict:
    from app.complaints.models import Complaint

    found = db.session.scalars(
        sa.select(Complaint)
        .where(Complaint.created_at >= period.start, Complaint.created_at < period.end)
        .order_by(Complaint.created_at, Complaint.id)
    ).all()
    still_open = db.session.scalar(
        sa.select(sa.func.count(Complaint.id)).where(
            Complaint.created_at < period.end,
            sa.or_(Complaint.closed_at.is_(None), Complaint.closed_at >= period.end),
        )
    )
    kinds = Counter(c.kind for c in found)
    return {
        "total": len(found),
        "complaints": kinds.get("complaint", 0),
        "major_incidents": kinds.get("major_incident", 0),
        "open_at_end": still_open,
        "items": [
            {
                "number": c.number,
                "kind": c.kind,
                "title": c.title,
                # the portal's own words, for a report in either language
                "titles": {lang: words_of(c, lang) for lang in ("zh", "en")},
                "severity": c.severity,
                "status": c.status,
                "created_at": iso(c.created_at),
                "closed_at": iso(c.closed_at),
                "outcome": (c.outcome or "")[:300],
            }
            for c in found[:LIST_LIMIT]
        ],
    }


def top_issues(tickets: list[TicketFacts]) -> dict:
    from app.assets.models import Asset

    items = {i.code: (i.name_zh, i.name_en) for i in db.session.scalars(sa.select(CatalogItem))}
    by_item = rules.top(Counter(t.code for t in tickets), TOP_LIMIT)
    tags = {tag for t in tickets if t.type == "incident" for tag in (t.asset_tags or [])}
    models: dict[str, tuple[str, str]] = {}
    for chunk in chunks(sorted(tags), 500):
        for tag, model, maker in db.session.execute(
            sa.select(Asset.tag, Asset.model, Asset.manufacturer).where(Asset.tag.in_(chunk))
        ):
            if model:
                models[tag] = (model, maker)
    per_model: Counter = Counter()
    numbers: dict[tuple, list[str]] = {}
    # S16: faults repeat on a model; installing or requesting one is no sign of a problem
    for t in (t for t in tickets if t.type == "incident"):
        for key in {models[tag] for tag in (t.asset_tags or []) if tag in models}:
            per_model[key] += 1
            numbers.setdefault(key, []).append(t.number)
    return {
        "by_item": named(by_item, items),
        # S16: a model with repeated tickets is a candidate for problem management
        "by_model": [
            {
                "model": model,
                "manufacturer": maker,
                "count": n,
                "tickets": numbers[(model, maker)][:5],
            }
            for (model, maker), n in rules.top(per_model, TOP_LIMIT, at_least=2)
        ],
    }


def chunks(values: list, size: int):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def changes(period: Period) -> dict:
    from app.changes.models import Change

    def row(change) -> dict:
        return {
            "number": change.number,
            "title": change.title,
            "kind": change.kind,
            "category": change.category,
            "risk": change.risk,
            "status": change.status,
            "planned_start": iso(change.planned_start),
            "finished_at": iso(change.finished_at),
        }

    done = db.session.scalars(
        sa.select(Change)
        .where(Change.finished_at >= period.start, Change.finished_at < period.end)
        .order_by(Change.finished_at, Change.id)
    ).all()
    horizon = rules.local_midnight(period.last + timedelta(days=1) + (period.last - period.first))
    planned = db.session.scalars(
        sa.select(Change)
        .where(
            Change.status.in_(("submitted", "approved", "scheduled")),
            Change.planned_start >= period.end,
            Change.planned_start < horizon,
        )
        .order_by(Change.planned_start, Change.id)
    ).all()
    return {
        "done_total": len(done),
        "done_by_kind": dict(Counter(c.kind for c in done)),
        "done": [row(c) for c in done[:LIST_LIMIT]],
        "planned_total": len(planned),
        "planned": [row(c) for c in planned[:LIST_LIMIT]],
    }


def assets(period: Period, contract: Contract) -> dict:
    from app.assets.models import Asset, AssetChange, Rma

    moved = db.session.execute(
        sa.select(AssetChange, Asset.tag)
        .join(Asset, Asset.id == AssetChange.asset_id)
        .where(
            AssetChange.at >= period.start,
            AssetChange.at < period.end,
            AssetChange.field.in_(MOVEMENT_FIELDS),
        )
        .order_by(AssetChange.at, AssetChange.id)
    ).all()
    rmas = db.session.execute(
        sa.select(Rma, Asset.tag, Asset.model)
        .join(Asset, Asset.id == Rma.asset_id)
        .where(
            sa.or_(
                Rma.sent_on.between(period.first, period.last),
                Rma.returned_on.between(period.first, period.last),
                sa.and_(
                    Rma.sent_on < period.first,
                    sa.or_(Rma.returned_on.is_(None), Rma.returned_on > period.last),
                ),
            )
        )
        .order_by(Rma.sent_on, Rma.id)
    ).all()
    horizon = period.last + timedelta(days=contract.warranty_warning_days)
    ending = db.session.scalars(
        sa.select(Asset)
        .where(
            Asset.warranty_end.between(period.first, horizon),
            Asset.status.not_in(("retired", "disposed")),
        )
        .order_by(Asset.warranty_end, Asset.tag)
    ).all()
    expired = [a for a in ending if a.warranty_end <= period.last]
    expiring = [a for a in ending if a.warranty_end > period.last]
    paid = sum(
        (
            rma.cost
            for rma, _tag, _model in rmas
            if rma.paid_by_client
            and rma.cost is not None
            and rma.returned_on
            and period.first <= rma.returned_on <= period.last
        ),
        start=0,
    )
    return {
        "movements_total": len(moved),
        "movements_by_field": dict(Counter(line.field for line, _tag in moved)),
        "movements": [
            {
                "tag": tag,
                "field": line.field,
                "old": line.old_value,
                "new": line.new_value,
                "at": iso(line.at),
                "authorized_by": line.authorized_by,
            }
            for line, tag in moved[:LIST_LIMIT]
        ],
        "rmas_opened": sum(1 for rma, *_ in rmas if in_period(rma.sent_on, period)),
        "rmas_returned": sum(1 for rma, *_ in rmas if in_period(rma.returned_on, period)),
        "rmas_open_at_end": sum(
            1 for rma, *_ in rmas if rma.returned_on is None or rma.returned_on > period.last
        ),
        "rma_client_cost": f"{paid:.2f}",
        "rmas": [
            {
                "tag": tag,
                "model": model,
                "vendor": rma.vendor,
                "rma_number": rma.rma_number,
                "sent_on": rma.sent_on.isoformat(),
                "returned_on": rma.returned_on.isoformat() if rma.returned_on else None,
                "in_warranty": rma.in_warranty,
                "cost": f"{rma.cost:.2f}" if rma.cost is not None else None,
            }
            for rma, tag, model in rmas[:LIST_LIMIT]
        ],
        "warranty_expired_total": len(expired),
        "warranty_expiring_total": len(expiring),
        "warranty_days": contract.warranty_warning_days,
        "warranty": [
            {
                "tag": a.tag,
                "model": a.model,
                "warranty_end": a.warranty_end.isoformat(),
                "expired": a.warranty_end <= period.last,
            }
            for a in ending[:LIST_LIMIT]
        ],
    }


def in_period(day: date | None, period: Period) -> bool:
    return day is not None and period.first <= day <= period.last


def staffing(tickets: list[TicketFacts], period: Period, contract: Contract) -> dict:
    workdays = len(period.days()) - len(days_off(period, contract))
    staff = dict(
        db.session.execute(
            sa.select(User.role, sa.func.count(User.id))
            .where(User.active, User.role.in_((AGENT, ENGINEER)))
            .group_by(User.role)
        ).all()
    )
    load = Counter(t.assignee_id for t in tickets if t.assignee_id)
    names = dict(
        db.session.execute(sa.select(User.id, User.name).where(User.id.in_(list(load)))).all()
    )
    return {
        "office_hours": contract.staff_office_hours,
        "outside_hours": contract.staff_outside_hours,
        "agents": staff.get(AGENT, 0),
        "engineers": staff.get(ENGINEER, 0),
        "workdays": workdays,
        "by_assignee": [
            {"name": names.get(uid, "—"), "count": n} for uid, n in rules.top(load, LIST_LIMIT)
        ],
    }
