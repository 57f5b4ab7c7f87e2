"""What a directory entry means for an account: its fields, its role, whether it may sign in.

Pure: plain values in, plain values out; no LDAP, no Flask, no database.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from app.accounts.roles import EMPLOYEE, ROLES

# account field → the directory attribute it is read from (Active Directory's names)
DEFAULT_ATTRIBUTES = {
    "name": "displayName",
    "email": "mail",
    "phone": "telephoneNumber",
    "department": "department",
    "location": "physicalDeliveryOfficeName",
    "manager": "manager",
}
GROUP_ATTRIBUTE = "memberOf"
ACCOUNT_DISABLED = 0x2  # AD userAccountControl: ACCOUNTDISABLE


@dataclass(frozen=True)
class Person:
    """One person as the directory describes them."""

    dn: str
    email: str
    name: str
    phone: str = ""
    department: str = ""
    location: str = ""
    manager_dn: str = ""
    groups: tuple[str, ...] = field(default=())
    disabled: bool = False


def attribute_map(configured: Mapping[str, str] | None) -> dict[str, str]:
    """The default mapping with the deployment's overrides."""
    return {**DEFAULT_ATTRIBUTES, **(configured or {})}


def first(values) -> str:
    """The first value of a (possibly multi-valued, possibly missing) attribute, as text."""
    if values is None:
        return ""
    if isinstance(values, list | tuple):
        values = values[0] if values else ""
    if isinstance(values, bytes):
        values = values.decode("utf-8", "replace")
    return str(values).strip()


def all_values(values) -> tuple[str, ...]:
    if values is None:
        return ()
    if not isinstance(values, list | tuple):
        values = [values]
    return tuple(str(v).strip() for v in values if str(v).strip())


def is_disabled(user_account_control) -> bool:
    """AD marks a disabled account with a flag in userAccountControl."""
    text = first(user_account_control)
    return text.lstrip("-").isdigit() and bool(int(text) & ACCOUNT_DISABLED)


def person_from_entry(dn: str, attributes: Mapping, mapping: Mapping[str, str]) -> Person | None:
    """The person an entry describes, or None when it has no mail address (an account is
    keyed by its address)."""
    lowered = {key.lower(): value for key, value in attributes.items()}

    def read(name: str) -> str:
        return first(lowered.get(mapping[name].lower())) if mapping.get(name) else ""

    email = read("email").lower()
    if not email or "@" not in email:
        return None
    return Person(
        dn=dn,
        email=email[:254],
        name=(read("name") or email.partition("@")[0])[:100],
        phone=read("phone")[:40],
        department=read("department")[:100],
        location=read("location")[:100],
        manager_dn=read("manager"),
        groups=all_values(lowered.get(GROUP_ATTRIBUTE.lower())),
        disabled=is_disabled(lowered.get("useraccountcontrol")),
    )


def normalise_dn(dn: str) -> str:
    """DNs compare case-insensitively and without spaces around separators."""
    parts = [part.strip() for part in dn.split(",")]
    return ",".join("=".join(p.strip() for p in part.split("=", 1)) for part in parts).lower()


def role_for(groups: Iterable[str], group_roles: Mapping[str, str], default: str = "") -> str:
    """The role the person's groups give: of several, the one furthest along ROLES (the
    wider one); without a mapped group, the default (an employee unless configured)."""
    wanted = {normalise_dn(group): role for group, role in group_roles.items() if role in ROLES}
    found = [wanted[normalise_dn(g)] for g in groups if normalise_dn(g) in wanted]
    if found:
        return max(found, key=ROLES.index)
    return default if default in ROLES else EMPLOYEE
