"""The one authorization gate: every endpoint declares who may call it, or nobody can.

Object-level rules (which ticket, which asset) live in each domain's policy module; this
gate only decides, before any view runs, whether the caller's role may reach the endpoint.
"""

import hashlib
from collections.abc import Callable

from flask import abort, current_app, g, redirect, request, url_for
from flask_login import current_user

ROLES = ("employee", "approver", "agent", "engineer", "manager", "admin")
CLIENT = frozenset({"employee", "approver"})
VENDOR = frozenset({"agent", "engineer", "manager", "admin"})
DESK = frozenset({"agent", "engineer", "manager", "admin"})
MANAGERS = frozenset({"manager", "admin"})
EVERYONE = frozenset(ROLES)
PUBLIC = "public"


def allow(*roles: str | frozenset) -> Callable:
    """Decorator: the roles (names or sets of names) that may call this endpoint."""
    allowed: set[str] = set()
    for role in roles:
        allowed |= {role} if isinstance(role, str) else set(role)
    unknown = allowed - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def mark(view: Callable) -> Callable:
        view.access_roles = frozenset(allowed)
        return view

    return mark


def public(view: Callable) -> Callable:
    """Decorator: anyone may call this endpoint, signed in or not."""
    view.access_roles = PUBLIC
    return view


def is_api_request() -> bool:
    """API paths answer in JSON, even when no route matched."""
    return request.path.startswith("/api/")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_user():
    """The user of the bearer token on this API request, or None."""
    if "api_user" not in g:
        from app.accounts.services import user_for_token

        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        g.api_user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    return g.api_user


def current_actor():
    """The signed-in user (pages) or the token's user (API); None when anonymous."""
    if is_api_request():
        return api_user()
    return current_user if current_user.is_authenticated else None


def check_access():
    """before_request hook: deny by default, then check the endpoint's declared roles."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions[request.endpoint]
    rule = getattr(view, "access_roles", None)
    if rule is None:
        abort(403)
    if rule == PUBLIC:
        return None
    actor = current_actor()
    if actor is None:
        if is_api_request():
            abort(401)
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if actor.role not in rule:
        abort(403)
    return None
