"""Every route as every role and as an anonymous visitor: deny by default, no surprises.

EXPECTED names each endpoint's audience; a new endpoint that is not listed fails here, so
adding a route means deciding who may call it.
"""

import pytest
from werkzeug.routing import Rule

from app.accounts.services import issue_token, user_by_email
from app.extensions import db
from app.web.access import CLIENT, DESK, EVERYONE, MANAGERS, PUBLIC, ROLES
from tests.conftest import ROLE_EMAILS

ADMIN = frozenset({"admin"})
QUEUE = frozenset({"agent", "manager", "admin"})
ONSITE = frozenset({"engineer", "agent", "manager"})
EXPECTED: dict[str, frozenset[str] | str] = {
    "web.home": EVERYONE,
    "web.set_language": PUBLIC,
    "web.healthz": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": EVERYONE,
    "accounts.profile": EVERYONE,
    "accounts.change_password": EVERYONE,
    "accounts.create_token": EVERYONE,
    "accounts.revoke_token": EVERYONE,
    "accounts.users": ADMIN,
    "accounts.new_user": ADMIN,
    "accounts.edit_user": ADMIN,
    "contracts.edit": MANAGERS,
    "audit.index": MANAGERS,
    "api.openapi": PUBLIC,
    "tickets.new": EVERYONE,
    "tickets.catalog_options": EVERYONE,
    "tickets.mine": CLIENT,
    "tickets.detail": EVERYONE,
    "tickets.act": EVERYONE,
    "tickets.reply": EVERYONE,
    "tickets.attachment": EVERYONE,
    "tickets.confirm_by_link": PUBLIC,
    "tickets.queue": QUEUE,
    "tickets.callers": QUEUE,
    "tickets.devices": QUEUE,
    "tickets.phone": frozenset({"agent", "manager"}),
    "tickets.dispatches": frozenset({"engineer"}),
    "tickets.change_fields": QUEUE,
    "tickets.fixed_in_passing": ONSITE,
    "tickets.vendor_case": ONSITE,
    "tickets.escalate": ONSITE,
    "tickets.link": QUEUE,
    "tickets.catalog": MANAGERS,
    "tickets.edit_catalog_item": MANAGERS,
    "api.create_ticket": EVERYONE,
    "api.list_tickets": EVERYONE,
    "api.get_ticket": EVERYONE,
    "api.ticket_action": EVERYONE,
}
SAMPLE_ARGS = {"int": 999999, "default": "X-0"}


def routes(app) -> list[tuple[Rule, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule, method))
    return out


def build_url(rule: Rule) -> str:
    values = {}
    for name, converter in rule._converters.items():
        kind = type(converter).__name__.lower()
        values[name] = SAMPLE_ARGS["int"] if "integer" in kind else SAMPLE_ARGS["default"]
    return rule.build(values)[1]


def test_every_endpoint_declares_its_audience(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        view = app.view_functions[rule.endpoint]
        assert hasattr(view, "access_roles"), f"{rule.endpoint} has no access rule"
        assert rule.endpoint in EXPECTED, f"{rule.endpoint} missing from EXPECTED"
        assert view.access_roles == EXPECTED[rule.endpoint], rule.endpoint


def test_expected_table_has_no_stale_entries(app):
    assert set(EXPECTED) <= {rule.endpoint for rule in app.url_map.iter_rules()}


@pytest.mark.parametrize("role", [None, *ROLES])
def test_each_role_reaches_exactly_its_routes(app, users, role):
    client = app.test_client()
    if role:
        client.login(ROLE_EMAILS[role])
    token = _token(app, role) if role else None
    csrf = client.csrf_token()
    # signing out last, so one signed-in client serves every other route
    for rule, method in sorted(routes(app), key=lambda r: r[0].endpoint == "accounts.logout"):
        url = build_url(rule)
        api = rule.endpoint.startswith("api.")
        headers = {"Authorization": f"Bearer {token}"} if api and role else {}
        if method == "GET":
            response = client.get(url, headers=headers)
        else:
            data = {"csrf_token": csrf} if not api else None
            response = client.open(url, method=method, data=data, headers=headers)
        audience = EXPECTED[rule.endpoint]
        where = f"{method} {url} as {role or 'anonymous'} → {response.status_code}"
        if audience == PUBLIC:
            assert response.status_code not in (401, 403), where
        elif role is None:
            if api:
                assert response.status_code == 401, where
                assert response.is_json, where
            else:
                assert response.status_code == 302, where
                assert "/login" in response.headers["Location"], where
        elif role in audience:
            assert response.status_code not in (401, 403), where
        else:
            assert response.status_code == 403, where


def _token(app, role):
    with app.app_context():
        token = issue_token(user_by_email(ROLE_EMAILS[role]), actor=None, label="walk")
        db.session.commit()
    return token


def test_unknown_roles_are_refused_at_import():
    from app.web.access import allow

    with pytest.raises(ValueError):
        allow("superuser")


def test_desk_constant_is_vendor_side():
    assert "employee" not in DESK
