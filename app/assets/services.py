"""CI writes: register, change with authority (S13), and manage types. Flush only."""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

import sqlalchemy as sa

from app.accounts.models import Department, User
from app.accounts.roles import MANAGERS, has_role
from app.assets import rules
from app.assets.labels import _, problem_message
from app.assets.models import Asset, AssetChange, AssetType, Rma
from app.assets.types import DEFAULT_TYPES, parameter_defs
from app.audit.services import record
from app.extensions import db

REFERENCE_FIELDS = {"type": "code", "owner": "email", "department": "code"}


class AssetError(ValueError):
    """A change or registration that is refused; `fields` names the culprits (translated)."""

    def __init__(self, message: str, fields: dict[str, str] | None = None, code: str = "invalid"):
        super().__init__(message)
        self.fields = fields or {}
        self.code = code  # invalid | not_authorised | duplicate | reverse | self | categories


class ConflictError(Exception):
    """The CI changed since the user loaded it; nothing was written."""


# ---------------------------------------------------------------- who may authorise a change

_authorizers: dict[str, Callable[[str, str], bool]] = {}
_links: dict[str, Callable[[str], str]] = {}


def register_authorizer(
    prefix: str, check: Callable[[str, str], bool], link: Callable[[str], str] | None = None
) -> None:
    """`check(number, tag)`: does record `number` (e.g. CHG-2026-000004) authorise a change to
    the asset `tag`? `link(number)` optionally gives the record's page for the asset page."""
    _authorizers[prefix.upper()] = check
    if link:
        _links[prefix.upper()] = link


def authorises(number: str, tag: str) -> bool:
    number = (number or "").strip().upper()
    check = _authorizers.get(number.split("-", 1)[0])
    return bool(check) and bool(check(number, rules.normalise_tag(tag)))


def record_link(number: str) -> str | None:
    """The page of an authorising record, when its domain told us how to reach it."""
    link = _links.get((number or "").split("-", 1)[0])
    return link(number) if link else None


def ticket_authorises(number: str, tag: str) -> bool:
    """A ticket authorises changes to the assets it lists, unless it was cancelled."""
    from app.tickets.models import Ticket

    ticket = db.session.scalar(sa.select(Ticket).where(Ticket.number == number))
    if ticket is None or ticket.status == "cancelled":
        return False
    return tag in {rules.normalise_tag(t) for t in ticket.asset_tags or []}


def authority(asset: Asset, actor, authorized_by: str | None, found_in_audit: bool) -> str | None:
    """The authorising record's number; AssetError when the change is not authorised (S13)."""
    if found_in_audit:
        if not has_role(actor, MANAGERS):
            message = _("Only a manager can record an unauthorised change found in an audit.")
            raise AssetError(message, {"unauthorised_found_in_audit": message}, "not_authorised")
        return (authorized_by or "").strip().upper() or None
    number = (authorized_by or "").strip().upper()
    if not number:
        message = _(
            "Every change to a configuration item must be authorised: give the number of the "
            "ticket or change that lists %(tag)s.",
            tag=asset.tag,
        )
        raise AssetError(message, {"authorized_by": _("Required.")}, "not_authorised")
    if not authorises(number, asset.tag):
        message = _(
            "%(number)s does not authorise changes to %(tag)s: it does not exist, was "
            "cancelled, or does not list this asset.",
            number=number,
            tag=asset.tag,
        )
        raise AssetError(message, {"authorized_by": message}, "not_authorised")
    return number


# ---------------------------------------------------------------- reading input


class Lookups:
    """Types, departments and users by code or email, loaded once per request or import."""

    def __init__(self):
        self._types: dict[str, AssetType] | None = None
        self._departments: dict[str, Department] | None = None
        self._users: dict[str, User | None] = {}

    @property
    def types(self) -> dict[str, AssetType]:
        if self._types is None:
            self._types = {t.code: t for t in asset_types(active_only=False)}
        return self._types

    @property
    def departments(self) -> dict[str, Department]:
        if self._departments is None:
            self._departments = {
                d.code.upper(): d for d in db.session.scalars(sa.select(Department))
            }
        return self._departments

    def preload_users(self, emails: Iterable[str]) -> None:
        wanted = sorted({e.strip().lower() for e in emails if e} - set(self._users))
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found = {
                u.email: u for u in db.session.scalars(sa.select(User).where(User.email.in_(chunk)))
            }
            for email in chunk:
                self._users[email] = found.get(email)

    def user(self, email: str) -> User | None:
        key = email.strip().lower()
        if key not in self._users:
            self.preload_users([key])
        return self._users[key]


def resolve(name: str, value, lookups: Lookups):
    """A reference field (type, owner, department) from its code or email."""
    if isinstance(value, AssetType | User | Department):
        return value
    text = "" if value is None else str(value).strip()
    if name == "type":
        found = lookups.types.get(text.lower())
        if found is None:
            raise rules.FieldProblem("unknown_type", text)
        return found
    if not text:
        return None
    if name == "owner":
        user = lookups.user(text)
        if user is None or not user.active:
            raise rules.FieldProblem("unknown_owner", text)
        return user
    department = lookups.departments.get(text.upper())
    if department is None:
        raise rules.FieldProblem("unknown_department", text)
    return department


def prepare(
    values: Mapping, lookups: Lookups, asset: Asset | None = None, required: Iterable[str] = ()
) -> dict:
    """Clean and resolve raw input (form, JSON or spreadsheet) into model attributes."""
    clean, errors = {}, {}
    for name in required:
        if rules.blank(values.get(name)):
            errors[name] = _("Required.")
    for name, value in values.items():
        if name in errors or name == "parameters":
            continue
        try:
            if name == "tag":
                clean["tag"] = rules.clean_tag(value)
            elif name in REFERENCE_FIELDS:
                clean[name] = resolve(name, value, lookups)
            elif name in rules.SCALAR_FIELDS:
                cleaned = rules.clean_scalar(name, value)
                if cleaned is None and name in rules.CHOICES:
                    if asset is not None:
                        raise rules.FieldProblem("required")
                    continue
                clean[name] = 0 if cleaned is None and name == "patches_missing" else cleaned
            else:
                raise rules.FieldProblem("unknown_field", name)
        except rules.FieldProblem as problem:
            errors[name] = problem_message(problem)
    if "parameters" in values:
        asset_type = clean.get("type") or (asset.type if asset else None)
        raw = values["parameters"] or {}
        if not isinstance(raw, Mapping):
            errors["parameters"] = _("An object of parameter names and values.")
        elif asset_type is not None:
            parameters, problems = rules.clean_parameters(raw, asset_type.parameters)
            errors.update({key: problem_message(p, asset_type.code) for key, p in problems.items()})
            clean["parameters"] = rules.merged_parameters(
                asset.parameters if asset else {}, parameters
            )
    if errors:
        raise AssetError(_("Some fields are invalid."), errors)
    return clean


def shown(name: str, value) -> str | None:
    """A field's value as history and exports show it."""
    if name in REFERENCE_FIELDS:
        return getattr(value, REFERENCE_FIELDS[name]) if value is not None else None
    return rules.display(value)


def tag_taken(tag: str, other_than: int | None = None) -> bool:
    query = sa.select(Asset.id).where(Asset.tag == tag)
    if other_than is not None:
        query = query.where(Asset.id != other_than)
    return db.session.scalar(query) is not None


def duplicate_tag(tag: str) -> AssetError:
    message = problem_message(rules.FieldProblem("duplicate_tag", tag))
    return AssetError(message, {"tag": message}, "duplicate")


def add_history(asset: Asset, actor, now: datetime, field: str, old=None, new=None, **values):
    line = AssetChange(
        asset_id=asset.id,
        at=now,
        actor_id=getattr(actor, "id", None),
        field=field,
        old_value=old,
        new_value=new,
        **values,
    )
    db.session.add(line)
    return line


# ---------------------------------------------------------------- writes


def new_asset(data: dict, now: datetime) -> Asset:
    """An Asset from prepared data with the register's defaults (not yet added)."""
    owner = data.get("owner")
    data.setdefault("status", "in_use" if owner else "in_stock")
    if owner is not None and "department" not in data:
        data["department"] = owner.department
    data.setdefault("parameters", {})
    return Asset(**data, created_at=now, updated_at=now)


def create_asset(
    values: Mapping, *, actor, now: datetime, authorized_by: str | None = None, note: str = ""
) -> Asset:
    """Register a new CI; `authorized_by`, when given, must be a record that lists its tag."""
    data = prepare(values, Lookups(), required=("tag", "type"))
    if tag_taken(data["tag"]):
        raise duplicate_tag(data["tag"])
    number = (authorized_by or "").strip().upper() or None
    if number and not authorises(number, data["tag"]):
        message = _("%(number)s does not list %(tag)s.", number=number, tag=data["tag"])
        raise AssetError(message, {"authorized_by": message}, "not_authorised")
    asset = new_asset(data, now)
    db.session.add(asset)
    db.session.flush()
    add_history(asset, actor, now, "created", new=asset.type.code, authorized_by=number, note=note)
    record(actor, "asset.create", asset, {"tag": asset.tag, "authorized_by": number}, now=now)
    return asset


def update_asset(
    asset: Asset,
    values: dict,
    *,
    actor,
    now: datetime,
    authorized_by: str | None,
    unauthorised_found_in_audit: bool = False,
    note: str = "",
    expected_version: int | None = None,
    rma: Rma | None = None,
) -> dict:
    """Change a CI with the ticket or change that authorises it (S13); every changed field
    goes to the append-only history. Returns {field: [old, new]}."""
    if expected_version is not None and expected_version != asset.version:
        raise ConflictError(asset.tag)
    number = authority(asset, actor, authorized_by, unauthorised_found_in_audit)
    data = prepare(values, Lookups(), asset)
    if "tag" in data and data["tag"] != asset.tag and tag_taken(data["tag"], asset.id):
        raise duplicate_tag(data["tag"])
    diff: dict[str, list] = {}
    for name, new in data.items():
        old = getattr(asset, name)
        if name == "parameters":
            for key in sorted(set(old) | set(new)):
                if old.get(key) != new.get(key):
                    diff[f"parameters.{key}"] = [
                        rules.display(old.get(key)),
                        rules.display(new.get(key)),
                    ]
        elif old != new:
            diff[name] = [shown(name, old), shown(name, new)]
        setattr(asset, name, new)
    for field, (old, new) in diff.items():
        add_history(
            asset,
            actor,
            now,
            field,
            old,
            new,
            authorized_by=number,
            unauthorised=unauthorised_found_in_audit,
            rma_id=rma.id if rma else None,
            note=note[:500],
        )
    if diff:
        asset.updated_at = now
        details = {"changes": diff, "authorized_by": number}
        if unauthorised_found_in_audit:
            details["unauthorised_found_in_audit"] = True
        record(actor, "asset.update", asset, details, now=now)
    db.session.flush()
    return diff


# ---------------------------------------------------------------- types (data, not code)


def asset_types(active_only: bool = True) -> list[AssetType]:
    """The CI types; the defaults come back if the table was emptied."""
    query = sa.select(AssetType).order_by(AssetType.position, AssetType.id)
    types = db.session.scalars(query).all()
    if not types:
        ensure_types()
        types = db.session.scalars(query).all()
    return [t for t in types if t.active or not active_only]


def ensure_types() -> None:
    existing = set(db.session.scalars(sa.select(AssetType.code)))
    for position, (code, zh, en, category, parameters) in enumerate(DEFAULT_TYPES):
        if code not in existing:
            db.session.add(
                AssetType(
                    code=code,
                    name_zh=zh,
                    name_en=en,
                    category=category,
                    parameters=parameter_defs(parameters),
                    position=position,
                )
            )
    db.session.flush()


def save_type(asset_type: AssetType | None, values: dict, *, actor, now: datetime) -> AssetType:
    """Add a type or change one's names and parameter fields (managers)."""
    if asset_type is None:
        code = values["code"]
        if db.session.scalar(sa.select(AssetType.id).where(AssetType.code == code)):
            message = _("A type with the code %(code)s exists.", code=code)
            raise AssetError(message, {"code": message})
        asset_type = AssetType(code=code, position=len(asset_types(active_only=False)))
        db.session.add(asset_type)
    for name in ("name_zh", "name_en", "category", "parameters", "active"):
        setattr(asset_type, name, values[name])
    db.session.flush()
    record(actor, "asset_type.save", asset_type, {"code": asset_type.code}, now=now)
    return asset_type
