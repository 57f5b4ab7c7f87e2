"""Pure CMDB rules: field cleaning, relations and sets (S5), warranty, security (S14), audits.

No Flask, no SQLAlchemy: plain values in, plain values out. Errors are codes that the
services translate, so the same rule serves pages, the API and imports.
"""

import ipaddress
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

STATUSES = ("in_stock", "in_use", "in_repair", "at_vendor", "retired", "disposed")
ACTIVE_STATUSES = ("in_stock", "in_use", "in_repair", "at_vendor")
PASSWORD_STATES = ("yes", "no", "unknown")
CATEGORIES = ("hardware", "software", "licence")
PARAMETER_KINDS = ("text", "int", "date", "ip", "mac")
TAG_RE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,39}$")
MAC_RE = re.compile(r"^[0-9A-F]{2}([:-]?[0-9A-F]{2}){5}$")
MAX_COST = Decimal("9999999999.99")

# The types the register starts with (API.md); managers add more as data.
_COMPUTER = [
    ("ip", "IP 地址", "IP address", "ip"),
    ("mac", "MAC 地址", "MAC address", "mac"),
    ("cpu", "处理器", "CPU", "text"),
    ("ram_gb", "内存 (GB)", "RAM (GB)", "int"),
    ("disk_gb", "硬盘 (GB)", "Disk (GB)", "int"),
    ("os_version", "操作系统版本", "OS version", "text"),
]
_NETWORKED = [
    ("ip", "IP 地址", "IP address", "ip"),
    ("mac", "MAC 地址", "MAC address", "mac"),
    ("firmware", "固件版本", "Firmware", "text"),
]
_MONITOR = [("size_inch", "尺寸 (英寸)", "Size (inch)", "int")]
_VERSION = [("version", "版本", "Version", "text")]
_PHONE = [*_NETWORKED[:2], ("extension", "分机号", "Extension", "text")]
_LICENCE = [("seats", "授权数", "Seats", "int"), ("expires_on", "到期日", "Expires on", "date")]
DEFAULT_TYPES = [
    # code, name_zh, name_en, category, parameters (key, name_zh, name_en, kind)
    ("desktop", "台式电脑", "Desktop PC", "hardware", _COMPUTER),
    ("laptop", "笔记本电脑", "Laptop", "hardware", _COMPUTER),
    ("monitor", "显示器", "Monitor", "hardware", _MONITOR),
    ("network_printer", "网络打印机", "Network printer", "hardware", _NETWORKED),
    ("phone", "电话", "Phone", "hardware", _PHONE),
    ("network_device", "网络设备", "Network device", "hardware", _NETWORKED),
    ("other_device", "其他设备", "Other device", "hardware", []),
    ("operating_system", "操作系统", "Operating system", "software", _VERSION),
    ("application", "应用软件", "Application software", "software", _VERSION),
    ("licence", "许可证", "Licence", "licence", _LICENCE),
]


def parameter_defs(parameters: Iterable[tuple]) -> list[dict]:
    return [
        {"key": k, "name_zh": zh, "name_en": en, "kind": kind} for k, zh, en, kind in parameters
    ]


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


# ---------------------------------------------------------------- security (S14)

FINDINGS = ("default_password", "rotation_due", "antivirus_old", "patches_missing")
# S1 catalog items of the security service; passwords are set on site (S14), no sec.* item
FINDING_CATALOG = {
    "default_password": "onsite.engineer",
    "rotation_due": "onsite.engineer",
    "antivirus_old": "sec.antivirus",
    "patches_missing": "sec.patch",
}


@dataclass(frozen=True)
class SecurityStatus:
    default_password_changed: str
    password_rotated_on: date | None
    password_rotation_days: int | None
    antivirus_date: date | None
    patches_missing: int


def security_findings(
    status: SecurityStatus, today: date, *, antivirus_max_age_days: int, rotation_days: int
) -> list[str]:
    """What is overdue on one CI; only recorded facts count (unknown is not a finding)."""
    found = []
    if status.default_password_changed == "no":
        found.append("default_password")
    interval = status.password_rotation_days or rotation_days
    if status.password_rotated_on and status.password_rotated_on + timedelta(interval) < today:
        found.append("rotation_due")
    if status.antivirus_date and status.antivirus_date < today - timedelta(antivirus_max_age_days):
        found.append("antivirus_old")
    if status.patches_missing > 0:
        found.append("patches_missing")
    return found


# ---------------------------------------------------------------- audits (S13)

RESULTS = ("pending", "present", "absent", "moved")


@dataclass(frozen=True)
class Sighting:
    """One audit line as the reconciliation sees it."""

    tag: str
    expected: bool
    result: str
    expected_location: str
    found_location: str
    note: str
    known: bool = True  # the tag is in the register


def walk_result(expected_location: str, found_location: str, present: bool) -> str:
    """present / moved / absent from what the engineer saw."""
    if not present:
        return "absent"
    found, wanted = found_location.strip(), expected_location.strip()
    return "moved" if found and wanted and found != wanted else "present"


def reconcile(items: Iterable[Sighting], closed: bool) -> dict[str, list[Sighting]]:
    """The audit report: missing (expected, not found), unexpected (found, not expected),
    changed (found elsewhere or with differences noted), pending (not yet looked at)."""
    report: dict[str, list[Sighting]] = {
        "missing": [],
        "unexpected": [],
        "changed": [],
        "pending": [],
        "confirmed": [],
    }
    for item in items:
        if not item.expected:
            report["unexpected"].append(item)
        elif item.result == "absent" or (item.result == "pending" and closed):
            report["missing"].append(item)
        elif item.result == "pending":
            report["pending"].append(item)
        elif item.result == "moved" or item.note.strip():
            report["changed"].append(item)
        else:
            report["confirmed"].append(item)
    return report


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
