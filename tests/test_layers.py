"""The layout of app/ as a contract: floors, no import cycles, pure rules, roles named once.

Floors, top to bottom. A package imports only packages on its own floor or below, never one
above; packages on one floor may import each other as long as no cycle forms.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

FLOORS = [
    {"app", "models", "demo"},  # the factory, the schema's list of tables, the demo client
    {"reports"},  # reads every domain's stored facts
    {
        "changes",
        "installations",
        "surveys",
        "complaints",
        "assets",
        "problems",
        "knowledge",
        "settlements",
        "escalations",
        "meetings",
        "notices",
        "improvements",
        "documents",
        "onboarding",
        "access",
        "training",
        "announcements",
    },  # domain pages
    {"sla"},  # scans, warnings, escalation levels, auto-close: ticket-aware clock work
    {"tickets"},  # the desk: catalog, tickets, channels (web, phone, mail intake)
    {"clocks"},  # the pure SLA kernel: calendars, clock arithmetic, replay
    {"mail", "contracts", "chat", "jobs"},  # transport; the contract's data; long work
    {"accounts"},  # users, roles, tokens, sign-in
    {"web", "worker", "api", "audit", "backups"},  # plumbing, jobs, JSON, the trail, backups
    {"extensions", "config", "sequences", "checks"},  # the ground floor
]
FLOOR_OF = {package: height for height, floor in enumerate(reversed(FLOORS)) for package in floor}
PURE_MODULES = ["clocks/calendar.py", "clocks/clock.py", "clocks/replay.py"]
IMPURE_LIBRARIES = ("flask", "flask_babel", "flask_login", "sqlalchemy", "werkzeug")
ROLE_NAMES = {"employee", "approver", "agent", "engineer", "manager", "admin"}
MAX_MODULE_LINES = 400
MAX_ROUTE_LINES = 40


def module_name(path: Path) -> str:
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(APP.rglob("*.py"))}


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "app"


def imports_of(module: str) -> list[tuple[str, int, bool]]:
    """(imported app module, line, inside a function) for every import in the module."""
    path = MODULES[module]
    tree = ast.parse(path.read_text())
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(anchor + ([child.module] if child.module else []))
                for alias in child.names:
                    for candidate in (f"{base}.{alias.name}", base):
                        if candidate in MODULES:
                            found.append((candidate, child.lineno, nested))
                            break
            elif isinstance(child, ast.Import):
                found.extend(
                    (a.name, child.lineno, nested) for a in child.names if a.name in MODULES
                )
            visit(child, nested)

    visit(tree, False)
    return found


def test_every_package_has_a_floor():
    assert {package_of(m) for m in MODULES} - {"translations"} <= set(FLOOR_OF)


def test_no_package_imports_one_above_it():
    upward = [
        f"{module}:{line} imports {target}"
        for module in MODULES
        for target, line, _ in imports_of(module)
        if FLOOR_OF[package_of(target)] > FLOOR_OF[package_of(module)]
    ]
    assert upward == []


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def test_no_import_cycles_between_packages():
    edges = defaultdict(set)
    for module in MODULES:
        for target, _, _ in imports_of(module):
            if package_of(target) != package_of(module):
                edges[package_of(module)].add(package_of(target))
    assert cycles(edges) == []


def test_no_import_cycles_between_files():
    """A package's __init__ wires its own modules in init_app; every other import counts."""
    edges = defaultdict(set)
    for module, path in MODULES.items():
        for target, _, in_function in imports_of(module):
            wiring = path.name == "__init__.py" and in_function
            if target != module and not wiring:
                edges[module].add(target)
    assert cycles(edges) == []


@pytest.mark.parametrize(
    "relative", PURE_MODULES + [str(p.relative_to(APP)) for p in APP.glob("*/rules.py")]
)
def test_rule_modules_are_pure(relative):
    tree = ast.parse((APP / relative).read_text())
    imported = {
        (node.module or "") if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert sorted(i for i in imported if i.split(".")[0] in IMPURE_LIBRARIES) == []


def role_literals(path: Path) -> list[str]:
    """Role names written as strings where they name a role: compared with a `.role`, given
    to allow/register/in_/frozenset, as `role=`, or in a set literal."""
    tree = ast.parse(path.read_text())
    found = []

    def is_role(node):
        return isinstance(node, ast.Constant) and node.value in ROLE_NAMES

    def mentions_role(node):
        return any(
            isinstance(n, ast.Attribute)
            and n.attr == "role"
            or isinstance(n, ast.Name)
            and n.id == "role"
            for n in ast.walk(node)
        )

    for node in ast.walk(tree):
        candidates = []
        if isinstance(node, ast.Compare) and mentions_role(node):
            candidates = list(ast.walk(node))
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in {"allow", "register", "frozenset", "in_"}:
                candidates = [n for arg in node.args for n in ast.walk(arg)]
            candidates += [k.value for k in node.keywords if k.arg == "role"]
        elif isinstance(node, ast.Set):
            candidates = node.elts
        found += [
            f"{path.relative_to(APP)}:{n.lineno} {n.value!r}" for n in candidates if is_role(n)
        ]
    return found


def test_roles_are_named_only_in_roles_and_policies():
    allowed = {APP / "accounts" / "roles.py", *APP.glob("*/policy.py")}
    literals = [
        hit for path in MODULES.values() if path not in allowed for hit in role_literals(path)
    ]
    assert literals == []


def test_modules_are_small():
    long = {
        str(path.relative_to(APP)): lines
        for path in MODULES.values()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def is_route(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call)
        and getattr(d.func, "attr", "") in {"get", "post", "route", "put", "delete", "patch"}
        for d in function.decorator_list
    )


def test_route_functions_are_short():
    long = [
        f"{path.relative_to(APP)}:{node.name} {node.end_lineno - node.lineno + 1} lines"
        for path in MODULES.values()
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.FunctionDef)
        and is_route(node)
        and node.end_lineno - node.lineno + 1 > MAX_ROUTE_LINES
    ]
    assert long == []
