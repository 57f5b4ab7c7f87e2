"""The one authorization gate: every endpoint declares who may call it, or nobody can.

Object-level rules (which ticket, which asset) live in each domain's policy module; this
gate only decides, before any view runs, whether the caller's role may reach the endpoint.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

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


def may_open(user, endpoint: str) -> bool:
    """Whether the gate lets `user` reach `endpoint`: pages show a link or button only then."""
    view = current_app.view_functions.get(endpoint)
    rule = getattr(view, "access_roles", None)
    if rule is None:
        return False
    if rule == PUBLIC:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return rule == SIGNED_IN or user.role in rule


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


def refuse_foreign_origin():
    """A state-changing request a browser sends from another site is refused before any
    view runs, over plain HTTP too (where the CSRF check cannot compare the referrer). The
    API is exempt: its bearer token is never sent by a browser on its own."""
    if request.method in ("GET", "HEAD", "OPTIONS") or is_api_request():
        return None
    origin = request.headers.get("Origin")
    # the host alone: behind a TLS proxy the scheme we see may differ from the browser's
    # "null" comes from pages that send no referrer (the reset link's): the browser's
    # Sec-Fetch-Site still says where the form was
    foreign = origin not in (None, "null") and urlsplit(origin).netloc != request.host
    if foreign or request.headers.get("Sec-Fetch-Site") == "cross-site":
        abort(403)
    return None
