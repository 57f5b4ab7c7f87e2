"""Approvers see and sign off only their departments' installations (S4), as for changes."""

import pytest
import sqlalchemy as sa

from app.accounts.models import Department, User
from app.accounts.services import issue_token, user_by_email
from app.changes.models import ChangeApprover
from app.extensions import db
from app.installations.models import SignOff
from tests.conftest import ROLE_EMAILS
from tests.installations.helpers import installation, installed, request_installation, signature

# the employee works in Finance; appr@ is named for Finance, these two elsewhere or for all
OTHER = "sales.approver@client.test"
EVERY = "all.approver@client.test"
ALLOWED = [ROLE_EMAILS["approver"], EVERY]


@pytest.fixture
def departments(app, users):
    """Finance and Sales; the contract names an approver for each, and one for all."""
    from tests.conftest import make_user

    with app.app_context():
        finance = Department(code="FIN", name_zh="财务部", name_en="Finance")
        sales = Department(code="SAL", name_zh="销售部", name_en="Sales")
        db.session.add_all([finance, sales])
        db.session.flush()
        db.session.get(User, users["employee"]).department_id = finance.id
        other = make_user("approver", OTHER, department_id=sales.id)
        every = make_user("approver", EVERY)
        db.session.add_all(
            [
                ChangeApprover(user_id=users["approver"], department_id=finance.id),
                ChangeApprover(user_id=other.id, department_id=sales.id),
                ChangeApprover(user_id=every.id, department_id=None),
            ]
        )
        db.session.commit()


@pytest.fixture
def signed_in(app, departments):
    def sign_in(email: str):
        client = app.test_client()
        client.login(email)
        return client

    return sign_in


def test_the_list_shows_only_the_departments_installations(app, login_as, signed_in):
    number = request_installation(login_as)
    for fragment in ({}, {"HX-Request": "true"}):
        for query in ("", "?status=requested"):
            listed = signed_in(OTHER).get(f"/installations/{query}", headers=fragment)
            assert listed.status_code == 200 and number not in listed.get_data(as_text=True)
            for email in ALLOWED:
                page = signed_in(email).get(f"/installations/{query}", headers=fragment)
                assert number in page.get_data(as_text=True)
    assert number in login_as("agent").get("/installations/").get_data(as_text=True)


def test_the_page_and_its_fragment_are_404_for_another_department(app, login_as, signed_in):
    number = request_installation(login_as)
    for headers in ({}, {"HX-Request": "true"}):
        assert signed_in(OTHER).get(f"/installations/{number}", headers=headers).status_code == 404
        for email in ALLOWED:
            page = signed_in(email).get(f"/installations/{number}", headers=headers)
            assert page.status_code == 200
            assert 'data-testid="approve-installation"' in page.get_data(as_text=True)


@pytest.mark.parametrize("email", ALLOWED)
def test_only_the_departments_approvers_approve(app, login_as, signed_in, email):
    number = request_installation(login_as)
    assert signed_in(OTHER).form(f"/installations/{number}/approve").status_code == 404
    with app.app_context():
        assert installation(app, number).status == "requested"
    assert signed_in(email).form(f"/installations/{number}/approve").status_code == 302
    with app.app_context():
        assert installation(app, number).status == "approved"


@pytest.mark.parametrize("email", ALLOWED)
def test_batch_signoff_is_refused_outside_the_department(app, login_as, signed_in, email):
    number = installed(app, login_as)
    other = signed_in(OTHER)
    assert 'data-testid="batch-signoff"' not in other.get("/installations/").get_data(as_text=True)
    assert other.form("/installations/batch", {"number": [number]}).status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(SignOff.id))) == 0
    allowed = signed_in(email)
    assert 'data-testid="batch-signoff"' in allowed.get("/installations/").get_data(as_text=True)
    assert allowed.form("/installations/batch", {"number": [number]}).status_code == 302
    with app.app_context():
        assert installation(app, number).signoff.signer.email == email


def test_sheet_signature_and_sign_screen_are_404_for_another_department(app, login_as, signed_in):
    number = installed(app, login_as)
    login_as("employee").form(f"/installations/{number}/sign", {"signature": signature()})
    other = signed_in(OTHER)
    for path in ("sheet.pdf", "signature.png", "sign"):
        assert other.get(f"/installations/{number}/{path}").status_code == 404
    signing = other.form(f"/installations/{number}/sign", {"signature": signature()})
    assert signing.status_code == 404
    for email in ALLOWED:
        client = signed_in(email)
        sheet = client.get(f"/installations/{number}/sheet.pdf")
        assert sheet.status_code == 200 and sheet.data.startswith(b"%PDF")
        assert client.get(f"/installations/{number}/signature.png").status_code == 200


def test_the_sign_screen_is_the_users_not_the_approvers(app, login_as, signed_in):
    number = installed(app, login_as)
    assert signed_in(OTHER).get(f"/installations/{number}/sign").status_code == 404
    for email in ALLOWED:
        assert signed_in(email).get(f"/installations/{number}/sign").status_code == 403
    assert login_as("employee").get(f"/installations/{number}/sign").status_code == 200


def test_the_api_status_is_404_for_another_department(app, client, login_as, signed_in):
    number = request_installation(login_as)

    def status(email: str) -> int:
        with app.app_context():
            token = issue_token(user_by_email(email), actor=None)
            db.session.commit()
        url = f"/api/v1/tickets/{number}/installation"
        return client.get(url, headers={"Authorization": f"Bearer {token}"}).status_code

    assert status(OTHER) == 404
    assert [status(email) for email in ALLOWED] == [200, 200]
