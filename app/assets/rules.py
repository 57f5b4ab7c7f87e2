"""Pure CMDB rules (no Flask, no SQLAlchemy): field cleaning, relations, warranty, exports."""

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

# Re-exported only because migration c921b489991e imports them from here.
from app.assets.types import DEFAULT_TYPES as DEFAULT_TYPES
from app.assets.types import parameter_defs as parameter_defs

STATUSES = ("in_stock", "in_use", "in_repair", "at_vendor", "retired", "disposed")
ACTIVE_STATUSES = ("in_stock", "in_use", "in_repair", "at_vendor")
PASSWORD_STATES = ("yes", "no", "unknown")
CATEGORIES = ("hardware", "software", "licence")
PARAMETER_KINDS = ("text", "int", "date", "ip", "mac")
TAG_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
MAC_RE = re.compile(r"^[0-9A-F]{2}([:-]?[0-9A-F]{2}){5}$")
MAX_COST = Decimal("9999999999.99")

CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def clean_code(value) -> str:
    """A type or parameter code: lower-case letters, digits and underscores."""
    code = str(value or "").strip().lower()
    if not CODE_RE.match(code):
        raise FieldProblem("bad_code", value)
    return code


def parse_parameter_lines(text: str) -> list[dict]:
    """'key | 中文名 | English name | kind' per line → parameter definitions."""
    defs, seen = [], set()
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 3:
            parts.append("text")
        if len(parts) != 4 or not all(parts) or parts[3] not in PARAMETER_KINDS:
            raise FieldProblem("bad_parameter_line", number)
        key = clean_code(parts[0])
        if key in seen:
            raise FieldProblem("bad_parameter_line", number)
        seen.add(key)
        defs.append({"key": key, "name_zh": parts[1], "name_en": parts[2], "kind": parts[3]})
    return defs


def parameter_lines(defs: list[dict]) -> str:
    return "\n".join(f"{d['key']} | {d['name_zh']} | {d['name_en']} | {d['kind']}" for d in defs)


# ---------------------------------------------------------------- field cleaning

TEXT_LIMITS = {
    "serial": 100,
    "model": 100,
    "manufacturer": 100,
    "supplier": 100,
    "location": 100,
    "hostname": 100,
    "patch_level": 60,
    "notes": 5000,
}
DATE_FIELDS = ("purchase_date", "warranty_end", "password_rotated_on", "antivirus_date")
INT_LIMITS = {"password_rotation_days": (1, 3650), "patches_missing": (0, 100000)}
CHOICES = {"status": STATUSES, "default_password_changed": PASSWORD_STATES}
SCALAR_FIELDS = (*TEXT_LIMITS, *DATE_FIELDS, *INT_LIMITS, *CHOICES, "purchase_cost")
# the register's fields in the order forms, exports and imports use
REGISTER_FIELDS = (
    "tag",
    "type",
    "model",
    "serial",
    "manufacturer",
    "supplier",
    "status",
    "owner",
    "department",
    "location",
    "hostname",
    "purchase_date",
    "purchase_cost",
    "warranty_end",
    "default_password_changed",
    "password_rotated_on",
    "password_rotation_days",
    "antivirus_date",
    "patch_level",
    "patches_missing",
    "notes",
)


class FieldProblem(ValueError):
    """A value that cannot be stored; `code` names the problem, `value` the input."""

    def __init__(self, code: str, value=None, limit=None):
        super().__init__(code)
        self.code = code
        self.value = value
        self.limit = limit


def normalise_tag(value) -> str:
    return str(value or "").strip().upper()


def clean_tag(value) -> str:
    tag = normalise_tag(value)
    if not tag:
        raise FieldProblem("required")
    if not TAG_RE.match(tag):
        raise FieldProblem("bad_tag", tag)
    return tag


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_date(value) -> date | None:
    """A date from a date, a datetime (spreadsheets) or 'YYYY-MM-DD'; 2026-02-30 is refused."""
    if blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-")
    if not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise FieldProblem("not_a_date", value)
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldProblem("no_such_date", value) from None


def clean_cost(value) -> Decimal | None:
    if blank(value):
        return None
    if isinstance(value, bool):
        raise FieldProblem("not_a_number", value)
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise FieldProblem("not_a_number", value) from None
    if not amount.is_finite():
        raise FieldProblem("not_a_number", value)
    if amount < 0:
        raise FieldProblem("negative", value)
    if amount > MAX_COST:
        raise FieldProblem("too_large", value)
    return amount.quantize(Decimal("0.01"))


def clean_int(value, low: int, high: int) -> int | None:
    if blank(value):
        return None
    if isinstance(value, bool):
        raise FieldProblem("not_a_whole_number", value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise FieldProblem("not_a_whole_number", value) from None
    if not low <= number <= high:
        raise FieldProblem("out_of_range", value, (low, high))
    return number


def clean_text(value, limit: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > limit:
        raise FieldProblem("too_long", value, limit)
    return text


def clean_choice(value, choices: tuple[str, ...]) -> str | None:
    if blank(value):
        return None
    text = str(value).strip().lower()
    if text not in choices:
        raise FieldProblem("not_a_choice", value, choices)
    return text


def clean_scalar(name: str, value):
    """One register field's stored value; FieldProblem when it cannot be stored."""
    if name in TEXT_LIMITS:
        return clean_text(value, TEXT_LIMITS[name])
    if name in DATE_FIELDS:
        return clean_date(value)
    if name in INT_LIMITS:
        return clean_int(value, *INT_LIMITS[name])
    if name in CHOICES:
        return clean_choice(value, CHOICES[name])
    if name == "purchase_cost":
        return clean_cost(value)
    raise FieldProblem("unknown_field", name)


def clean_parameter(kind: str, value):
    """A typed configuration parameter (IP, MAC, numbers, dates), stored as JSON text/int."""
    if blank(value):
        return None
    if kind == "int":
        return clean_int(value, 0, 10**9)
    if kind == "date":
        return clean_date(value).isoformat()
    text = str(value).strip()
    if kind == "ip":
        try:
            return str(ipaddress.ip_address(text))
        except ValueError:
            raise FieldProblem("not_an_ip", value) from None
    if kind == "mac":
        compact = text.upper().replace(":", "").replace("-", "").replace(".", "")
        if not MAC_RE.match(text.upper()) and not re.fullmatch(r"[0-9A-F]{12}", compact):
            raise FieldProblem("not_a_mac", value)
        return ":".join(compact[i : i + 2] for i in range(0, 12, 2))
    return clean_text(text, 200)


def clean_parameters(raw: Mapping, defs: list[dict]) -> tuple[dict, dict[str, FieldProblem]]:
    """Parameters of a type: known keys cleaned (None removes a key), unknown keys refused."""
    kinds = {d["key"]: d.get("kind", "text") for d in defs}
    cleaned, problems = {}, {}
    for key, value in raw.items():
        if key not in kinds:
            problems[f"parameters.{key}"] = FieldProblem("unknown_parameter", key)
            continue
        try:
            cleaned[key] = clean_parameter(kinds[key], value)
        except FieldProblem as problem:
            problems[f"parameters.{key}"] = problem
    return cleaned, problems


def merged_parameters(current: Mapping, changes: Mapping) -> dict:
    """The parameters after a change: None deletes the key."""
    result = dict(current)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def display(value) -> str | None:
    """A value as history and exports show it."""
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


# ---------------------------------------------------------------- relations and sets

# kind → (categories allowed at the source, categories allowed at the target)
RELATION_KINDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "set_member": (frozenset({"hardware"}), frozenset({"hardware"})),  # S5 set of equipment
    "runs": (frozenset({"hardware"}), frozenset({"software"})),
    "licence": (frozenset({"hardware", "software"}), frozenset({"licence"})),
    "replaces": (frozenset(CATEGORIES), frozenset(CATEGORIES)),
}
SYMMETRIC = frozenset({"set_member"})


@dataclass(frozen=True)
class End:
    """One end of a relation: the asset's id and its type's category."""

    id: int
    category: str


def relation_problem(
    kind: str, source: End, target: End, existing: Iterable[tuple[int, str, int]]
) -> str | None:
    """Why `source -kind-> target` may not be added (a code), or None.

    `existing` holds (asset_id, kind, target_id) triples touching either end.
    """
    if kind not in RELATION_KINDS:
        return "unknown_kind"
    if source.id == target.id:
        return "self"
    sources, targets = RELATION_KINDS[kind]
    if source.category not in sources or target.category not in targets:
        return "categories"
    if kind == "replaces" and source.category != target.category:
        return "categories"
    links = set(existing)
    if (source.id, kind, target.id) in links:
        return "duplicate"
    if (target.id, kind, source.id) in links:
        return "duplicate" if kind in SYMMETRIC else "reverse"
    return None


def set_members(start: int, edges: Iterable[tuple[int, int]]) -> set[int]:
    """S5: the set of equipment is everything connected to `start` by set_member links."""
    neighbours: dict[int, set[int]] = {}
    for a, b in edges:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    seen, todo = {start}, [start]
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return seen


# ---------------------------------------------------------------- warranty (S1)

WARRANTY_STATES = ("in", "expiring", "out", "unknown")


def warranty_state(end: date | None, today: date, warning_days: int) -> str:
    """in / expiring (within `warning_days`) / out / unknown (no end date recorded)."""
    if end is None:
        return "unknown"
    if end < today:
        return "out"
    if end <= today + timedelta(days=warning_days):
        return "expiring"
    return "in"


def warranty_window(state: str, today: date, warning_days: int) -> tuple[date | None, date | None]:
    """The warranty_end range (inclusive bounds, None = open) of a warranty state, for queries."""
    soon = today + timedelta(days=warning_days)
    return {
        "out": (None, today - timedelta(days=1)),
        "expiring": (today, soon),
        "in": (soon + timedelta(days=1), None),
    }[state]


def rma_in_warranty(warranty_end: date | None, sent_on: date) -> bool:
    """S1: a return sent on or before the warranty's last day is the maker's to pay."""
    return warranty_end is not None and sent_on <= warranty_end


# ---------------------------------------------------------------- exports

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A spreadsheet cell that cannot run as a formula: text starting = + - @ gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unneutralise(value):
    """Undo `neutralise` on import, so an export re-imports to the same text."""
    if isinstance(value, str) and value[:1] == "'" and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def device_label(type_name: str, model: str, tag: str) -> str:
    """A device as its user recognises it: "Laptop · ThinkPad T14 (LT-R2601)"."""
    words = " · ".join(part for part in (type_name.strip(), model.strip()) if part)
    return f"{words} ({tag})" if words else tag
