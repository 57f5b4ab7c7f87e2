"""The one authorization gate: every endpoint declares who may call it, or nobody can.

Object-level rules (which ticket, which asset) live in each domain's policy module; this
gate only decides, before any view runs, whether the caller's role may reach the endpoint.
"""

from collections.abc import Callable

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

PUBLIC = "public"
SIGNED_IN = "signed in"


def allow(*groups: frozenset[str]) -> Callable:
    """Decorator: the role groups (from accounts.roles) whose members may call this endpoint."""
    allowed: set[str] = set()
    for group in groups:
        if not isinstance(group, frozenset):
            raise TypeError(f"allow() takes role groups, not {group!r}")
        allowed |= group

    def mark(view: Callable) -> Callable:
        view.access_roles = frozenset(allowed)
        return view

    return mark


def public(view: Callable) -> Callable:
    """Decorator: anyone may call this endpoint, signed in or not."""
    view.access_roles = PUBLIC
    return view


def signed_in(view: Callable) -> Callable:
    """Decorator: anyone signed in may call this endpoint, whatever their role."""
    view.access_roles = SIGNED_IN
    return view


def is_api_request() -> bool:
    """API paths answer in JSON, even when no route matched."""
    return request.path.startswith("/api/")


def current_actor():
    """The signed-in user (pages) or the bearer token's user (API); None when anonymous."""
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
    if rule != SIGNED_IN and actor.role not in rule:
        abort(403)
    return None
