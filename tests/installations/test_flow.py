"""Device installations: request → approval → install (register) → user sign-off (S4, S5)."""

import re

import pytest
import sqlalchemy as sa

from app.assets.models import Asset, AssetRelation
from app.extensions import db
from app.installations import signatures
from app.installations.models import SignOff
from app.installations.sheet import render_pdf
from app.mail.models import OutboxMessage
from app.tickets.models import Attachment
from tests.changes.helpers import register
from tests.conftest import make_user
from tests.installations.helpers import (
    SET,
    installation,
    installed,
    request_installation,
    signature,
)


def test_the_flow_registers_the_set_and_completes_only_at_sign_off(app, login_as):
    number = installed(app, login_as)
    with app.app_context():
        item = installation(app, number)
        assert item.status == "installed"
        laptop = db.session.scalar(sa.select(Asset).where(Asset.tag == "LT-0101"))
        assert (laptop.status, laptop.owner.email, laptop.serial) == (
            "in_use",
            "emp@client.test",
            "PF3ABC01",
        )
        relation = db.session.scalar(sa.select(AssetRelation))
        assert (relation.kind, relation.target.tag) == ("set_member", "MON-0101")
        assert item.ticket.status != "closed"
        mail = db.session.scalars(sa.select(OutboxMessage.body_text)).all()
        assert any("/i/confirm/" in body for body in mail)
    employee = login_as("employee")
    page = employee.get(f"/installations/{number}").get_data(as_text=True)
    assert 'data-testid="sign-link"' in page
    assert (
        employee.form(
            f"/installations/{number}/sign", {"signature": signature(), "signer_name": "Emp"}
        ).status_code
        == 302
    )
    with app.app_context():
        item = installation(app, number)
        assert item.status == "signed_off" and item.ticket.status == "closed"
        signoff = item.signoff
        assert (signoff.method, signoff.signer_name, signoff.ip) == (
            "signature",
            "Emp",
            "127.0.0.1",
        )
        assert signatures.path_of(signoff).read_bytes().startswith(b"\x89PNG")
        filed = db.session.scalar(
            sa.select(Attachment).where(Attachment.ticket_id == item.ticket_id)
        )
        assert filed.filename == f"{number}-signed.pdf"
    assert employee.get(f"/installations/{number}/signature.png").status_code == 200
    pdf = employee.get(f"/installations/{number}/sheet.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_blank_or_bad_signature_is_refused(app, login_as):
    number = installed(app, login_as)
    client = login_as("employee")
    for value, message in (
        (signature(blank=True), "Please sign in the box first."),
        ("", "Please sign in the box first."),
        ("data:image/png;base64,AAAA", "could not be read"),
    ):
        response = client.form(f"/installations/{number}/sign", {"signature": value})
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    with app.app_context():
        assert installation(app, number).status == "installed"
        assert db.session.scalar(sa.select(sa.func.count(SignOff.id))) == 0


def test_others_may_not_sign_for_the_user(app, login_as):
    number = installed(app, login_as)
    with app.app_context():
        make_user("employee", "colleague@client.test")
        db.session.commit()
    from tests.conftest import Client

    other = app.test_client()
    assert isinstance(other, Client)
    other.login("colleague@client.test")
    assert other.get(f"/installations/{number}/sign").status_code == 404
    assert other.get(f"/installations/{number}/sheet.pdf").status_code == 404


def test_the_engineer_tablet_records_the_users_signature(app, login_as):
    number = installed(app, login_as)
    response = login_as("engineer").form(
        f"/installations/{number}/sign", {"signature": signature(), "signer_name": ""}
    )
    assert response.status_code == 302
    with app.app_context():
        signoff = installation(app, number).signoff
        assert signoff.signer_name == "Employee Tester" and signoff.recorded_by.role == "engineer"


def test_confirmation_by_mail_link(app, login_as, client):
    number = installed(app, login_as)
    with app.app_context():
        body = db.session.scalar(
            sa.select(OutboxMessage.body_text).where(
                OutboxMessage.body_text.contains("/i/confirm/")
            )
        )
    path = re.search(r"http://[^/]+(/i/confirm/\S+)", body).group(1)
    assert 'data-testid="link-confirm"' in client.get(path).get_data(as_text=True)
    with app.app_context():
        assert installation(app, number).status == "installed"
    assert client.form(path).status_code == 200
    with app.app_context():
        assert installation(app, number).signoff.method == "email"
    replay = client.form(path)
    assert replay.status_code == 410 and 'data-testid="link-invalid"' in replay.get_data(
        as_text=True
    )
    assert client.get(path[:-2] + "xx").status_code == 410


def test_replacement_retires_the_old_device(app, login_as):
    with app.app_context():
        register("LT-0001", type="laptop", status="in_use")
        db.session.commit()
    number = installed(
        app, login_as, "install.replace", {"replaced_tag": "lt-0001", "replaced_outcome": "retired"}
    )
    with app.app_context():
        old = db.session.scalar(sa.select(Asset).where(Asset.tag == "LT-0001"))
        assert old.status == "retired"
        kinds = set(db.session.scalars(sa.select(AssetRelation.kind)))
        assert kinds == {"set_member", "replaces"}
        assert installation(app, number).replaced_outcome == "retired"


def test_replacement_of_an_unknown_device_is_refused(app, login_as):
    number = request_installation(login_as, "install.replace")
    login_as("approver").form(f"/installations/{number}/approve")
    response = login_as("engineer").form(
        f"/installations/{number}/install", {**SET, "replaced_tag": "LT-9999"}
    )
    assert response.status_code == 422
    assert "Name the replaced device" in response.get_data(as_text=True)
    with app.app_context():
        assert installation(app, number).status == "approved"
        assert db.session.scalar(sa.select(sa.func.count(Asset.id))) == 0


def test_install_needs_approval_first(app, login_as):
    number = request_installation(login_as)
    response = login_as("engineer").form(f"/installations/{number}/install", SET)
    assert response.status_code == 409


def test_only_approvers_approve_installations(app, login_as):
    number = request_installation(login_as)
    for role in ("employee", "agent", "engineer", "manager"):
        assert login_as(role).form(f"/installations/{number}/approve").status_code == 403


def test_approver_signs_off_a_department_batch(app, login_as):
    first = installed(app, login_as)
    second = request_installation(login_as)
    login_as("approver").form(f"/installations/{second}/approve")
    login_as("engineer").form(
        f"/installations/{second}/install",
        {"items-0-tag": "LT-0102", "items-0-type": "laptop", "replaced_outcome": "retired"},
    )
    client = login_as("approver")
    page = client.get("/installations/").get_data(as_text=True)
    assert 'data-testid="batch-signoff"' in page
    response = client.form("/installations/batch", {"number": [first, second]})
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(sa.select(SignOff)).all()
        assert sorted(r.method for r in rows) == ["batch", "batch"]
        assert all(r.signer.role == "approver" for r in rows)
    assert client.form("/installations/batch", {"number": [first]}).status_code == 403


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sheet_renders_chinese_and_the_signature(app, login_as, lang, tmp_path):
    number = installed(app, login_as)
    login_as("employee").form(f"/installations/{number}/sign", {"signature": signature()})
    with app.test_request_context():
        pdf = render_pdf(installation(app, number), lang=lang)
    assert pdf.startswith(b"%PDF")
    import subprocess

    (tmp_path / "sheet.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "LT-0101" in text and "PF3ABC01" in text
    if lang == "zh":
        assert "设备安装单" in text or "Device installation sheet" in text
    images = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "sheet.pdf")], capture_output=True, text=True
    ).stdout
    assert "png" in images or "image" in images
