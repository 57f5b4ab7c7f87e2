"""NUL bytes in searches, filters and keys are refused or ignored, never a server error
(PostgreSQL cannot take them)."""

from tests.documents.helpers import document


def test_nul_bytes_never_reach_the_database(app, users, login_as, api):
    from app.extensions import db

    with app.app_context():
        document_id = document("打印服务器配置", text="队列").id
        db.session.commit()
    manager = login_as("manager")
    assert manager.get("/onboarding/").status_code == 200
    refused = {"/documents/?q=%00": "cannot be stored", "/access/?person=%00": "cannot be stored",
               "/documents/?page=99999999999999999": "too large"}  # fmt: skip
    for url, reason in refused.items():  # refused, with the reason
        page = manager.get(url)
        assert page.status_code == 400 and reason in page.get_data(as_text=True), url
    for url in ("/api/v1/documents?q=%00", "/api/v1/access-grants?person=%00&asset=%00"):
        assert api("manager").get(url).status_code in (200, 400), url
    edit = {"title": "打印服务器配置", "kind": "process", "visibility": "staff", "owner": "",
            "review_months": "6", "assets": "PC\x00", "problems": "PRB\x00"}  # fmt: skip
    assert manager.form(f"/documents/{document_id}/edit", edit).status_code == 422
    grant = {"person": str(users["engineer"]), "asset": "SRV\x00", "kind": "logical",
             "authorised_by": str(users["approver"]), "until": "2099-01-01"}  # fmt: skip
    assert manager.form("/access/grants", grant).status_code == 422
