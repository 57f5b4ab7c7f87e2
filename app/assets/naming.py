"""Which devices a person may name on a request, and the words people know a device by."""

import sqlalchemy as sa

from app.assets import policy, queries, rules
from app.assets.models import Asset
from app.extensions import db


def refused_tags(user, tags: list[str]) -> list[str]:
    """The tags of `tags` that name no device `user` may name on a request: one they may see,
    a shared one in nobody's name (the floor printer), or one in the set of equipment of a
    device in their name (the monitor on their desk) — never a colleague's own device, which a
    ticket would let an engineer change. A tag matches whatever its case; a tag the register
    does not hold is refused."""
    wanted = sa.func.upper(Asset.tag).in_({tag.upper() for tag in tags})
    found = {
        asset.tag.upper(): asset for asset in db.session.scalars(sa.select(Asset).where(wanted))
    }
    in_my_sets: set[int] = set()
    others = [a for a in found.values() if a.owner_id is not None and not policy.can_view(user, a)]
    if user is not None and others:
        for own in db.session.scalars(sa.select(Asset).where(Asset.owner_id == user.id)):
            in_my_sets.update(member.id for member in queries.equipment_set(own))

    def may_name(asset: Asset | None) -> bool:
        if asset is None:
            return False
        return asset.owner_id is None or policy.can_view(user, asset) or asset.id in in_my_sets

    return [tag for tag in tags if not may_name(found.get(tag.upper()))]


def owned_tags(user) -> list[tuple[str, str]]:
    """The devices in use by `user` (the request form's "My devices"), each with the words
    people recognise it by: "Laptop · ThinkPad T14 (LT-R2601)"."""
    if user is None or getattr(user, "id", None) is None:
        return []
    query = (
        sa.select(Asset)
        .where(Asset.owner_id == user.id, Asset.status == "in_use")
        .order_by(Asset.tag)
    )
    return [
        (asset.tag, rules.device_label(*device_words(asset))) for asset in db.session.scalars(query)
    ]


def device_words(asset: Asset) -> tuple[str, str, str]:
    from app.web.i18n import current_lang

    return asset.type.name(current_lang()), asset.model, asset.tag
