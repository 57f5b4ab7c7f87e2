"""Security events are in the audit trail with the address they came from: sign-ins and
their failures, lock-outs, tokens made and revoked, role changes, ended sessions, exports."""

import sqlalchemy as sa

from app.audit.models import AuditEvent
from app.extensions import db
from tests.conftest import ROLE_EMAILS


def trail(app) -> list[tuple[str, str | None]]:
    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
        return [(event.action, event.details.get("source")) for event in events]


def test_security_events_carry_the_source_address(app, client, users, login_as):
    for _ in range(5):
        client.form("/login", {"email": ROLE_EMAILS["agent"], "password": "wrong"})
    admin = login_as("admin")
    made = admin.form("/profile/tokens", {"tk-label": "script", "tk-lifetime": "30"})
    assert made.status_code == 200
    with app.app_context():
        from app.accounts.models import ApiToken

        token_id = db.session.scalar(sa.select(ApiToken.id))
    admin.form(f"/profile/tokens/{token_id}/revoke")
    manager = login_as("manager")
    assert manager.get("/reports/tickets.csv").status_code == 200
    assert login_as("engineer").get("/assets/export.csv").status_code == 200
    assert manager.get("/desk?format=csv").status_code == 200
    admin.form(
        f"/admin/users/{users['engineer']}",
        {
            "email": ROLE_EMAILS["engineer"],
            "name": "Engineer Tester",
            "role": "agent",
            "department_id": "0",
            "language": "en",
            "active": "y",
        },
    )
    manager.form("/logout")
    events = trail(app)
    actions = [action for action, _ in events]
    for expected in (
        "user.login_failed",
        "user.login_locked",
        "user.login",
        "token.create",
        "token.revoke",
        "data.export",
        "user.session_end",
    ):
        assert expected in actions, expected
    assert all(source == "127.0.0.1" for _, source in events), events
    with app.app_context():
        exported = db.session.scalars(
            sa.select(AuditEvent.details).where(AuditEvent.action == "data.export")
        ).all()
        role_change = db.session.scalar(
            sa.select(AuditEvent.details).where(AuditEvent.action == "user.update")
        )
    assert {details["what"] for details in exported} == {"tickets", "assets", "queue"}
    assert role_change["role"] == ["engineer", "agent"]
