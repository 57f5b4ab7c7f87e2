"""Sign-in with the client's directory (Active Directory over LDAP, with ldap3): the first
sign-in makes the account, later ones and the nightly sync refresh it (flush, never commit)."""

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app
from ldap3 import SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars

from app.accounts.directory_map import Person, attribute_map, person_from_entry, role_for
from app.accounts.models import Department, User
from app.accounts.services import end_sessions
from app.audit.services import changes, record
from app.extensions import db

PAGE_SIZE = 500  # AD answers at most 1,000 entries per page
# a sync that would switch off more than this share of the directory's accounts (and more than
# a handful) is refused: a wrong search base or a half answer must not lock the office out
MAX_LEFT_SHARE, MAX_LEFT_ALWAYS = 0.2, 5


class DirectoryError(RuntimeError):
    """The directory could not be reached or refused the service account."""


@dataclass(frozen=True)
class Settings:
    url: str
    bind_dn: str
    bind_password: str
    user_base: str
    user_filter: str
    login_attribute: str
    attributes: dict
    group_roles: dict
    default_role: str = ""
    starttls: bool = False
    ca_file: str | None = None
    timeout: int = 10

    @classmethod
    def from_config(cls, config) -> "Settings | None":
        """The app's LDAP_* settings, or None when no directory is configured."""
        if not config.get("LDAP_URL"):
            return None
        return cls(
            url=config["LDAP_URL"],
            bind_dn=config.get("LDAP_BIND_DN", ""),
            bind_password=config.get("LDAP_BIND_PASSWORD", ""),
            user_base=config["LDAP_USER_BASE"],
            user_filter=config.get("LDAP_USER_FILTER") or "(objectClass=user)",
            login_attribute=config.get("LDAP_LOGIN_ATTRIBUTE") or "sAMAccountName",
            attributes=attribute_map(config.get("LDAP_ATTRIBUTES")),
            group_roles=dict(config.get("LDAP_GROUP_ROLES") or {}),
            default_role=config.get("LDAP_DEFAULT_ROLE") or "",
            starttls=bool(config.get("LDAP_STARTTLS")),
            ca_file=config.get("LDAP_CA_FILE"),
            timeout=int(config.get("LDAP_TIMEOUT", 10)),
        )

    @property
    def wanted_attributes(self) -> list[str]:
        return sorted({*self.attributes.values(), "memberOf", "userAccountControl"} - {""})


def configured() -> Settings | None:
    return Settings.from_config(current_app.config)


def _server(settings: Settings) -> Server:
    tls = Tls(ca_certs_file=settings.ca_file, validate=ssl.CERT_REQUIRED)
    secure = settings.url.lower().startswith("ldaps://") or settings.starttls
    return Server(settings.url, tls=tls if secure else None, connect_timeout=settings.timeout)


@contextmanager
def _bound(settings: Settings, dn: str, password: str) -> Iterator[Connection | None]:
    """A connection bound as `dn`, or None when the password is refused; StartTLS first
    when configured, so that no password crosses the network in clear. Always closed."""
    conn = Connection(
        _server(settings), dn, password, receive_timeout=settings.timeout, read_only=True
    )
    try:
        conn.open()
        if settings.starttls:
            conn.start_tls()
        yield conn if conn.bind() else None
    finally:
        conn.unbind()
        if conn.socket is not None:  # a failed connect leaves its socket behind
            conn.socket.close()


@contextmanager
def _service(settings: Settings) -> Iterator[Connection]:
    """A connection bound as the service account that reads the directory."""
    try:
        with _bound(settings, settings.bind_dn, settings.bind_password) as conn:
            if conn is None:
                raise DirectoryError(f"{settings.url} refuses the bind account {settings.bind_dn}")
            yield conn
    except LDAPException as error:
        raise DirectoryError(f"cannot reach {settings.url}: {error}") from error


def find(settings: Settings, login: str) -> Person | None:
    """The one person whose login name (or mail address) is `login`."""
    value = escape_filter_chars(login.strip())
    attribute = settings.login_attribute
    mail = settings.attributes.get("email") or "mail"
    one = (
        f"({attribute}={value})"
        if "@" not in login
        else f"(|({attribute}={value})({mail}={value}))"
    )
    with _service(settings) as conn:
        conn.search(
            settings.user_base,
            f"(&{settings.user_filter}{one})",
            SUBTREE,
            attributes=settings.wanted_attributes,
            size_limit=2,
        )
        entries = list(conn.response or [])
    people = [e for e in entries if e.get("type") == "searchResEntry"]
    if len(people) != 1:
        return None  # nobody, or ambiguous: sign-in must name one person
    return person_from_entry(people[0]["dn"], people[0]["attributes"], settings.attributes)


def everyone(settings: Settings) -> list[Person]:
    """Every person under the user base, page by page."""
    with _service(settings) as conn:
        entries = conn.extend.standard.paged_search(
            settings.user_base,
            settings.user_filter,
            SUBTREE,
            attributes=settings.wanted_attributes,
            paged_size=PAGE_SIZE,
            generator=True,
        )
        found = [
            person_from_entry(e["dn"], e["attributes"], settings.attributes)
            for e in entries
            if e.get("type") == "searchResEntry"
        ]
        outcome = conn.result or {}
        if outcome.get("result", 0) != 0:  # e.g. no such base, a size or time limit
            raise DirectoryError(
                f"the search under {settings.user_base} failed: "
                f"{outcome.get('description', '')} {outcome.get('message', '')}".strip()
            )
    return [person for person in found if person is not None]


def password_is_right(settings: Settings, person: Person, password: str) -> bool:
    """Bind as the person; an empty password would be an anonymous bind, so it never is."""
    if not password:
        return False
    with _bound(settings, person.dn, password) as conn:
        return conn is not None


def authenticate(login: str, password: str, *, now: datetime, source: str = "") -> User | None:
    """The account of a directory person whose password is right and whose directory account
    is enabled, made or refreshed from the directory; None otherwise."""
    settings = configured()
    if settings is None or not login or not password:
        return None
    try:
        person = find(settings, login)
        if person is None:
            return None
        if person.disabled:
            apply(person, settings, now=now)  # the portal account is switched off too
            return None
        if not password_is_right(settings, person, password):
            return None
    except (DirectoryError, LDAPException) as error:
        current_app.logger.warning("directory sign-in unavailable: %s", error)
        return None
    outcome = apply(person, settings, now=now)
    if outcome.kind == "conflict" or outcome.user is None or not outcome.user.active:
        return None  # a local account with this address signs in with its own password
    record(outcome.user, "user.directory_login", outcome.user, {"source": source}, now=now)
    return outcome.user


@dataclass
class Outcome:
    user: User | None
    kind: str  # created, updated, unchanged, disabled, conflict
    diff: dict = field(default_factory=dict)


def _departments() -> dict[str, int]:
    rows = db.session.execute(sa.select(Department.id, Department.name_zh, Department.name_en))
    return {name.lower(): id_ for id_, *names in rows for name in names if name}


def apply(person: Person, settings: Settings, *, now: datetime, departments=None) -> Outcome:
    """Make or refresh the account of `person`. A local account with the same address and a
    password of its own is left alone (someone must link it on purpose)."""
    user = db.session.scalar(sa.select(User).where(User.directory_dn == person.dn))
    if user is None:
        user = db.session.scalar(sa.select(User).where(User.email == person.email))
        if user is not None and (user.password_hash or user.directory_dn):
            return Outcome(user, "conflict")
    departments = _departments() if departments is None else departments
    values = {
        "directory_dn": person.dn,
        "email": person.email,
        "name": person.name,
        "phone": person.phone,
        "location": person.location,
        "role": role_for(person.groups, settings.group_roles, settings.default_role),
    }
    # the directory may switch an account off, never back on: an account an admin switched
    # off in the portal stays off until an admin turns it on again
    if person.disabled:
        values["active"] = False
    if person.department.lower() in departments:
        values["department_id"] = departments[person.department.lower()]
    if user is None:
        if person.disabled:
            return Outcome(None, "unchanged")
        user = User(**values, active=True, created_at=now)
        db.session.add(user)
        db.session.flush()
        record(None, "user.create", user, {"email": user.email, "from": "directory"}, now=now)
        return Outcome(user, "created")
    diff = changes(user, values)
    for name, value in values.items():
        setattr(user, name, value)
    if not diff:
        return Outcome(user, "unchanged")
    record(None, "user.update", user, {**diff, "from": "directory"}, now=now)
    if {"role", "active", "email"} & diff.keys():
        end_sessions(user, now=now)
    return Outcome(user, "disabled" if "active" in diff and person.disabled else "updated", diff)


def check_share_left(people: list[Person], *, force: bool) -> None:
    """Refuse a sync that would switch off an implausible share of the directory's accounts."""
    seen = {person.dn.lower() for person in people}
    active = db.session.scalars(
        sa.select(User.directory_dn).where(User.directory_dn.is_not(None), User.active.is_(True))
    ).all()
    leaving = sum(1 for dn in active if dn.lower() not in seen)
    if not force and leaving > MAX_LEFT_ALWAYS and leaving > MAX_LEFT_SHARE * len(active):
        raise DirectoryError(
            f"the directory answered {len(people)} people; the sync would switch off {leaving} "
            f"of {len(active)} directory accounts. Check LDAP_USER_BASE and LDAP_USER_FILTER, "
            "or run `flask users sync-ldap --force` if they really left"
        )


@dataclass
class SyncReport:
    outcomes: list[Outcome] = field(default_factory=list)
    left: list[User] = field(default_factory=list)  # in the portal, no longer in the directory

    def count(self, kind: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.kind == kind)


# how the audit trail names the directory as the object of a sync
DIRECTORY = SimpleNamespace(__tablename__="directory", id=0, number="sync")


def sync(settings: Settings, *, now: datetime, force: bool = False) -> SyncReport:
    """Import and refresh everyone under the user base, link managers, and switch off the
    accounts whose entry is gone. The caller commits, or rolls back for a dry run."""
    people = everyone(settings)
    check_share_left(people, force=force)
    departments = _departments()
    report = SyncReport()
    with db.session.no_autoflush:
        for person in people:
            report.outcomes.append(apply(person, settings, now=now, departments=departments))
    db.session.flush()
    by_dn = {
        dn.lower(): id_
        for id_, dn in db.session.execute(
            sa.select(User.id, User.directory_dn).where(User.directory_dn.is_not(None))
        )
    }
    for person, outcome in zip(people, report.outcomes, strict=True):
        if outcome.user is not None and outcome.kind != "conflict":
            manager_id = by_dn.get(person.manager_dn.lower()) if person.manager_dn else None
            if outcome.user.manager_id != manager_id:
                outcome.user.manager_id = manager_id
                if outcome.kind == "unchanged":
                    outcome.kind = "updated"
                outcome.diff["manager_id"] = [None, str(manager_id)]
    seen = {person.dn.lower() for person in people}
    for user in db.session.scalars(
        sa.select(User).where(User.directory_dn.is_not(None), User.active.is_(True))
    ):
        if user.directory_dn.lower() not in seen:
            user.active = False
            end_sessions(user, now=now)
            record(None, "user.update", user, {"active": ["True", "False"]}, now=now)
            report.left.append(user)
    details = {kind: report.count(kind) for kind in ("created", "updated", "disabled", "conflict")}
    record(None, "directory.sync", DIRECTORY, {**details, "left": len(report.left)}, now=now)
    db.session.flush()
    return report
