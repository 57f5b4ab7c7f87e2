"""Installations in the asset register (S4): the set is registered, the replaced device leaves."""

from app.changes import cmdb
from app.installations import rules

# API.md asset types, offered when the register (with its own type list) is not installed
DEVICE_TYPES = ("desktop", "laptop", "monitor", "network_printer", "phone", "other_device")


def device_types() -> list[tuple[str, str]]:
    """(code, name) of the hardware types an installed set may contain."""
    if not cmdb.available():
        return [(code, code) for code in DEVICE_TYPES]
    from app.assets.services import asset_types
    from app.web.i18n import current_lang

    lang = current_lang()
    return [(t.code, t.name(lang)) for t in asset_types() if t.category == "hardware"]


def errors(installation, items: list[rules.Item], replaced_tag: str) -> dict[str, str]:
    """The replaced device must be in the register (when there is one)."""
    if installation.kind == "replace" and replaced_tag and cmdb.unknown_tags([replaced_tag]):
        return {"replaced_tag": f"Unknown asset {replaced_tag}."}
    return {}


def cover(ticket, tags: list[str]) -> None:
    """The installation ticket lists the devices it installs and replaces: it authorises them."""
    ticket.asset_tags = list(dict.fromkeys([*(ticket.asset_tags or []), *tags]))


def register_set(installation, items: list[rules.Item], *, actor, now) -> None:
    """Create or update each device for the user, link the set, retire or return the old one."""
    if not cmdb.available():
        return
    from app.assets import relations, services

    ticket = installation.ticket
    cover(
        ticket,
        [item.tag for item in items]
        + [installation.replaced_tag] * bool(installation.replaced_tag),
    )
    owner = installation.user
    devices = []
    for item in items:
        asset = cmdb.asset_by_tag(item.tag)
        values = {"status": "in_use", "owner": owner.email if owner else None}
        values.update(
            {name: getattr(item, name) for name in ("serial", "model") if getattr(item, name)}
        )
        if asset is None:
            values.update(tag=item.tag, type=item.type)
            asset = services.create_asset(values, actor=actor, now=now, authorized_by=ticket.number)
        else:
            services.update_asset(asset, values, actor=actor, now=now, authorized_by=ticket.number)
        devices.append(asset)
    main = devices[0]
    for member in devices[1:]:
        relations.add_relation(
            main, "set_member", member, actor=actor, now=now, authorized_by=ticket.number
        )
    if installation.kind == "replace":
        old = cmdb.asset_by_tag(installation.replaced_tag)
        relations.add_relation(
            main, "replaces", old, actor=actor, now=now, authorized_by=ticket.number
        )
        services.update_asset(
            old,
            {"status": installation.replaced_outcome, "owner": None},
            actor=actor,
            now=now,
            authorized_by=ticket.number,
        )
