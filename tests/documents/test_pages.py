"""The document library in pages and API: versions kept with their files, uploads checked as
ticket attachments are, and the client's people never see a staff-only document."""

import io
from pathlib import Path

import sqlalchemy as sa
from werkzeug.test import EnvironBuilder

from app.audit.models import AuditEvent
from app.documents.models import Document, DocumentVersion
from app.extensions import db
from tests.documents.helpers import document

PDF_V1 = b"%PDF-1.4 first version of the process"
NOT_PDF = b"hello, this is not a pdf"


def upload(client, document_id, data=None, name="process.pdf", note="v", text=""):
    """A multipart post whose spooled body file is closed afterwards (large uploads)."""
    form = {"csrf_token": client.csrf_token(), "note": note, "body_markdown": text}
    if data is not None:
        form["file"] = (io.BytesIO(data), name)
    builder = EnvironBuilder(path=f"/documents/{document_id}/versions", method="POST", data=form)
    environ = builder.get_environ()
    try:
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


def stored_files(app) -> list[Path]:
    return sorted(Path(app.config["UPLOAD_FOLDER"]).glob("doc-*"))


def test_a_manager_creates_a_document_and_each_version_is_kept(app, login_as):
    manager = login_as("manager")
    made = manager.form(
        "/documents/new",
        {"title": "桌面服务流程", "kind": "process", "visibility": "client", "owner": "",
         "review_months": "6"},
    )  # fmt: skip
    assert made.status_code == 302, made.get_data(as_text=True)[:2000]
    document_id = int(made.headers["Location"].rsplit("/", 1)[1])
    first = upload(manager, document_id, PDF_V1, note="第一版")
    assert first.status_code == 302
    second = upload(
        manager, document_id, text="# 第二版\n\n<script>x()</script>**新流程**", note="改写"
    )
    assert second.status_code == 302
    page = manager.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "<strong>新流程</strong>" in page and "<script>x()" not in page
    assert "第一版" in page and "改写" in page
    old = manager.get(f"/documents/{document_id}/versions/1")
    assert old.status_code == 200 and old.data == PDF_V1
    assert "process.pdf" in old.headers["Content-Disposition"]
    old.close()
    with app.app_context():
        versions = db.session.scalars(sa.select(DocumentVersion.number)).all()
        assert sorted(versions) == [1, 2]
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert actions.count("document.version_added") == 2 and "document.created" in actions


def test_uploads_of_fifty_megabytes_or_a_wrong_type_are_refused_and_nothing_is_stored(
    app, login_as
):
    with app.app_context():
        document_id = document().id
        db.session.commit()
    before = stored_files(app)
    manager = login_as("manager")
    big = upload(manager, document_id, b"%PDF-" + b"\0" * (50 << 20), name="big.pdf")
    assert big.status_code == 413
    assert "larger than allowed" in big.get_data(as_text=True)
    eleven = upload(manager, document_id, b"%PDF-" + b"\0" * (11 << 20), name="b.pdf")
    assert eleven.status_code == 422
    assert "larger than the 10 MB allowed" in eleven.get_data(as_text=True)
    wrong = upload(manager, document_id, NOT_PDF, name="fake.pdf")
    assert wrong.status_code == 422
    assert "does not match its .pdf name" in wrong.get_data(as_text=True)
    program = upload(manager, document_id, b"MZ\x90\x00" * 10, name="setup.exe")
    assert program.status_code == 422
    assert "this file type is not accepted" in program.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DocumentVersion.id))) == 0
    assert stored_files(app) == before


def test_client_staff_never_see_a_staff_only_document(app, login_as, api):
    with app.app_context():
        secret = document("服务器管理员口令保管流程", visibility="staff", text="保密内容").id
        shared = document("新员工电脑使用手册", kind="manual", visibility="client", text="开机").id
        db.session.commit()
    for role in ("employee", "approver"):
        client = login_as(role)
        listing = client.get("/documents/").get_data(as_text=True)
        assert "新员工电脑使用手册" in listing and "口令保管" not in listing
        assert "口令保管" not in client.get("/documents/?q=保密").get_data(as_text=True)
        assert client.get(f"/documents/{secret}").status_code == 404
        assert client.get(f"/documents/{secret}/versions/1").status_code == 404
        assert client.get(f"/documents/{shared}").status_code == 200
        tokens = api(role)
        items = tokens.get("/api/v1/documents").get_json()["items"]
        assert [item["id"] for item in items] == [shared]
        assert tokens.get(f"/api/v1/documents/{secret}").status_code == 404
        assert tokens.get(f"/api/v1/documents/{shared}").status_code == 200
    staff = api("agent").get("/api/v1/documents").get_json()
    assert staff["total"] == 2
    first = next(item for item in staff["items"] if item["id"] == secret)
    assert first["visibility"] == "staff" and first["review_due"]
    assert first["versions"][0]["version"] == 1 and first["versions"][0]["note"] == "初稿"
    assert first["versions"][0]["url"].endswith(f"/documents/{secret}/versions/1")
    detail = api("agent").get(f"/api/v1/documents/{secret}").get_json()
    assert detail["body_markdown"] and "<script" not in detail["body_html"]


def test_search_finds_titles_and_texts(app, login_as):
    with app.app_context():
        document("打印服务器配置", kind="system_config", text="队列 **PRN-Q1** 的驱动")
        document("邮件网关", kind="system_config", text="SMTP relay")
        db.session.commit()
    agent = login_as("agent")
    assert "打印服务器配置" in agent.get("/documents/?q=prn-q1").get_data(as_text=True)
    page = agent.get("/documents/?q=打印").get_data(as_text=True)
    assert "打印服务器配置" in page and "邮件网关" not in page
    assert "邮件网关" in agent.get("/documents/?q=relay").get_data(as_text=True)


def test_search_cuts_words_as_the_knowledge_base_does(app, login_as):
    """The same tokens as knowledge search: Chinese pairs, Latin stems, Wi-Fi as wifi, the
    last word a prefix while typing; every word must be found."""
    with app.app_context():
        document("网络打印机驱动", kind="manual", text="Installing printers on the Wi-Fi")
        document("会议室预订", kind="process", text="100% of rooms")
        db.session.commit()
    agent = login_as("agent")

    def found(q: str) -> bool:
        return "网络打印机驱动" in agent.get(f"/documents/?q={q}").get_data(as_text=True)

    assert found("打印机") and found("printer") and found("wifi") and found("instal")
    assert not found("打印纸") and not found("printer room")
    # a query of only wildcards has no words: the whole library, as an empty search
    assert agent.get("/documents/?q=%25_").status_code == 200


def test_live_documents_link_to_the_register_and_keep_no_copies(app, login_as):
    with app.app_context():
        listed = document("设备清单", kind="device_list").id
        reports = document("月度服务报告", kind="regular_report").id
        db.session.commit()
    manager = login_as("manager")
    page = manager.get(f"/documents/{listed}").get_data(as_text=True)
    assert "/assets/export.xlsx" in page
    assert "/reports/" in manager.get(f"/documents/{reports}").get_data(as_text=True)
    refused = upload(manager, listed, text="# copy", note="copy")
    assert refused.status_code == 422 and "read live" in refused.get_data(as_text=True)


def test_an_overdue_review_is_flagged_to_the_owner_and_confirmed(app, login_as):
    from datetime import date

    with app.app_context():
        made = document("网络配置", kind="system_config", owner="agent", text="VLAN")
        made.next_review_on = date(2020, 1, 31)
        document_id = made.id
        db.session.commit()
    agent = login_as("agent")
    home = agent.get("/").get_data(as_text=True)
    assert 'data-testid="documents-overdue-panel"' in home and "网络配置" in home
    assert 'data-testid="document-review-overdue"' in agent.get(
        f"/documents/{document_id}"
    ).get_data(as_text=True)
    assert login_as("engineer").form(f"/documents/{document_id}/review").status_code == 403
    reviewed = agent.form(f"/documents/{document_id}/review", {"note": "VLAN 表已核对"})
    assert reviewed.status_code == 302
    with app.app_context():
        assert db.session.get(Document, document_id).next_review_on > date.today()
        trail = db.session.scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "document.reviewed")
        )
        assert trail.details["note"] == "VLAN 表已核对"
    assert 'data-testid="documents-overdue-panel"' not in agent.get("/").get_data(as_text=True)


def test_a_manager_edits_links_and_audience_and_bad_input_changes_nothing(app, login_as):
    from app.assets.models import Asset, AssetType

    with app.app_context():
        kind = db.session.scalar(sa.select(AssetType).where(AssetType.code == "desktop"))
        db.session.add(Asset(tag="PC-0001", type=kind, model="ThinkCentre", status="in_use"))
        document_id = document("台式机镜像", kind="asset_documents", text="Win 11").id
        db.session.commit()
    manager = login_as("manager")
    base = {"title": "台式机标准镜像", "kind": "asset_documents", "visibility": "client",
            "owner": "", "review_months": "6", "assets": "PC-0001",
            "catalog_items": "hw.desktop", "problems": ""}  # fmt: skip
    nul = manager.form(f"/documents/{document_id}/edit", {**base, "title": "镜像\x00"})
    assert nul.status_code == 422
    unknown = manager.form(f"/documents/{document_id}/edit", {**base, "assets": "PC-9999"})
    assert unknown.status_code == 422 and "No such asset." in unknown.get_data(as_text=True)
    months = manager.form(f"/documents/{document_id}/edit", {**base, "review_months": "999"})
    assert months.status_code == 422
    with app.app_context():
        unchanged = db.session.get(Document, document_id)
        assert unchanged.title == "台式机镜像" and unchanged.links == []
    assert manager.form(f"/documents/{document_id}/edit", base).status_code == 302
    page = manager.get(f"/documents/{document_id}").get_data(as_text=True)
    assert "PC-0001" in page and "Desktop PC" in page
    assert "台式机标准镜像" in manager.get("/assets/PC-0001").get_data(as_text=True)
    assert login_as("employee").get(f"/documents/{document_id}").status_code == 200
