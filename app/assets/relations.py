"""CI relations: relate two CIs (S5 sets, runs, licence, replaces) and undo it. Flush only."""

from datetime import datetime

import sqlalchemy as sa

from app.assets import rules
from app.assets.labels import _, relation_message
from app.assets.models import Asset, AssetRelation
from app.assets.services import AssetError, add_history, authorises
from app.audit.services import record
from app.extensions import db


def existing_links(*asset_ids: int) -> list[tuple[int, str, int]]:
    rows = db.session.execute(
        sa.select(AssetRelation.asset_id, AssetRelation.kind, AssetRelation.target_id).where(
            sa.or_(AssetRelation.asset_id.in_(asset_ids), AssetRelation.target_id.in_(asset_ids))
        )
    )
    return [tuple(row) for row in rows]


def add_relation(
    asset: Asset, kind: str, target: Asset, *, actor, now: datetime, authorized_by=None
) -> AssetRelation:
    """Relate two CIs: set_member (S5), runs, licence, replaces — no self, no duplicate."""
    problem = rules.relation_problem(
        kind,
        rules.End(asset.id, asset.type.category),
        rules.End(target.id, target.type.category),
        existing_links(asset.id, target.id),
    )
    if problem:
        message = relation_message(problem, asset, kind, target)
        field = "kind" if problem == "unknown_kind" else "target"
        raise AssetError(message, {field: message}, problem)
    number = (authorized_by or "").strip().upper() or None
    if number and not authorises(number, asset.tag):
        message = _("%(number)s does not list %(tag)s.", number=number, tag=asset.tag)
        raise AssetError(message, {"authorized_by": message}, "not_authorised")
    relation = AssetRelation(
        asset_id=asset.id, kind=kind, target_id=target.id, created_at=now, created_by_id=actor.id
    )
    db.session.add(relation)
    add_history(asset, actor, now, f"relation.{kind}", None, target.tag, authorized_by=number)
    add_history(
        target, actor, now, f"relation.{kind}", None, f"← {asset.tag}", authorized_by=number
    )
    record(actor, "asset.relate", asset, {"kind": kind, "target": target.tag}, now=now)
    db.session.flush()
    return relation


def remove_relation(relation: AssetRelation, *, actor, now: datetime, authorized_by=None) -> None:
    """Undo a relation (a monitor moves to another set); both CIs' histories keep it."""
    asset, target, kind = relation.asset, relation.target, relation.kind
    number = (authorized_by or "").strip().upper() or None
    if number and not authorises(number, asset.tag):
        message = _("%(number)s does not list %(tag)s.", number=number, tag=asset.tag)
        raise AssetError(message, {"authorized_by": message}, "not_authorised")
    add_history(asset, actor, now, f"relation.{kind}", target.tag, None, authorized_by=number)
    add_history(
        target, actor, now, f"relation.{kind}", f"← {asset.tag}", None, authorized_by=number
    )
    record(actor, "asset.unrelate", asset, {"kind": kind, "target": target.tag}, now=now)
    db.session.delete(relation)
    db.session.flush()
