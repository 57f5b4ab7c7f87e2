"""The access register (S14): grants authorised by a client person, flags on expiry, one
person's access on one page, revokes, every change audited; the API's filters."""

from datetime import timedelta

import sqlalchemy as sa

from app.access.models import AccessGrant
from app.assets.models import Asset, AssetType
from app.audit.models import AuditEvent
from app.documents.rules import local_day
from app.extensions import db, utcnow
from tests.factories import person


def machine(tag="SRV-0001"):
    kind = db.session.scalar(sa.select(AssetType).where(AssetType.code == "desktop"))
    asset = Asset(tag=tag, type=kind, model="财务服务器", status="in_use")
    db.session.add(asset)
    db.session.commit()
    return asset


def grant_form(users, until, **fields):
    data = {
        "person": str(users["engineer"]),
        "asset": "SRV-0001",
        "kind": "logical",
        "authorised_by": str(users["approver"]),
        "until": until.isoformat(),
        "note": "",
    }
    data.update(fields)
    return data


def test_grants_are_flagged_listed_per_person_revoked_and_audited(app, users, login_as, api):
    today = local_day(utcnow())
    with app.app_context():
        machine()
        machine("SRV-0002")
    manager = login_as("manager")
    assert (
        manager.form("/access/grants", grant_form(users, today + timedelta(days=5))).status_code
        == 302
    )
    later = grant_form(users, today + timedelta(days=90), asset="SRV-0002", kind="physical")
    assert manager.form("/access/grants", later).status_code == 302
    past = manager.form("/access/grants", grant_form(users, today - timedelta(days=1)))
    assert past.status_code == 422 and "The date has passed already." in past.get_data(as_text=True)
    client_person = manager.form(
        "/access/grants", grant_form(users, today, person=str(users["employee"]))
    )
    assert client_person.status_code == 422  # the client's people are not in the register
    with app.app_context():
        expired = AccessGrant(
            person=person("engineer"), asset=db.session.scalar(sa.select(Asset).limit(1)),
            kind="physical", authorised_by=person("approver"), until=today - timedelta(days=3),
        )  # fmt: skip
        db.session.add(expired)
        db.session.commit()
        engineer_id = person("engineer").id

    page = login_as("agent").get(f"/access/people/{engineer_id}").get_data(as_text=True)
    assert page.count('data-testid="grant-row"') == 3
    assert 'data-state="expired"' in page and 'data-state="expiring"' in page
    assert 'data-state="active"' in page
    assert 'data-testid="access-panel"' in manager.get("/").get_data(as_text=True)

    items = api("agent").get("/api/v1/access-grants?asset=SRV-0002").get_json()["items"]
    assert [(i["person"], i["kind"], i["state"]) for i in items] == [
        ("eng@vendor.test", "physical", "active")
    ]
    assert items[0]["authorised_by"] == "appr@client.test"
    mine = api("agent").get("/api/v1/access-grants?person=eng@vendor.test").get_json()
    assert mine["total"] == 3

    with app.app_context():
        first = db.session.scalar(sa.select(AccessGrant.id).order_by(AccessGrant.id))
    assert manager.form(f"/access/grants/{first}/revoke").status_code == 302
    assert manager.form(f"/access/grants/{first}/revoke").status_code == 409
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert actions.count("access.granted") == 2 and actions.count("access.revoked") == 1
    assert manager.form(f"/access/people/{engineer_id}/revoke-all").status_code == 302
    page = manager.get(f"/access/people/{engineer_id}").get_data(as_text=True)
    assert page.count('data-state="revoked"') == 3 and 'data-testid="revoke-all"' not in page
    with app.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert actions.count("access.revoked") == 3


def test_department_security_measures(app, users, login_as):
    from app.accounts.models import Department

    with app.app_context():
        department = Department(code="FIN", name_zh="财务部", name_en="Finance")
        db.session.add(department)
        db.session.commit()
        department_id = department.id
    manager = login_as("manager")
    added = manager.form(
        "/access/security-needs",
        {"department": str(department_id), "measure": "财务系统双人授权", "owner": "",
         "review_on": "2027-01-31"},
    )  # fmt: skip
    assert added.status_code == 302
    assert "财务系统双人授权" in login_as("agent").get("/access/security-needs").get_data(
        as_text=True
    )
    empty = manager.form(
        "/access/security-needs", {"department": str(department_id), "measure": ""}
    )
    assert empty.status_code == 422
