"""S8 and S20 in the browser: the manager uploads a new version of a process document and the
older one stays downloadable; the client's project lead signs off the start-up checklist."""

from pathlib import Path

import sqlalchemy as sa

from app.contracts.services import get_contract
from app.documents.models import DocumentVersion
from app.extensions import db, utcnow
from app.onboarding import services
from app.onboarding.models import ChecklistItem
from tests.conftest import ROLE_EMAILS, sign_in
from tests.documents.helpers import document
from tests.factories import person

PDF = b"%PDF-1.4\n% the desk's process, second edition\n"


def test_manager_uploads_a_new_version_of_a_process_document(app, users, new_page, tmp_path):
    with app.app_context():
        person("manager").language = "zh"
        made = document(
            "服务台工作流程定义",
            kind="process",
            visibility="client",
            text="# 服务台流程\n\n1. 接报\n2. 记录\n3. **远程诊断**",
        )
        document_id = made.id
        db.session.commit()
    upload = tmp_path / "服务台流程-第二版.pdf"
    upload.write_bytes(PDF)
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["manager"])
    page.goto(f"/documents/{document_id}")
    assert "远程诊断" in page.inner_text("[data-testid=document-current]")
    page.set_input_files("input[name=file]", str(upload))
    page.fill("input[name=note]", "加入现场派工规则")
    page.click("[data-testid=save-version]")
    page.locator("[data-testid=current-file]").wait_for()
    versions = page.inner_text("[data-testid=document-versions]")
    assert "加入现场派工规则" in versions and "初稿" in versions
    page.screenshot(path="/tmp/handover-document-zh.png", full_page=True)
    with page.expect_download() as first:
        page.click("[data-testid=version-2]")
    assert Path(first.value.path()).read_bytes() == PDF
    page.click("[data-testid=version-1]")
    assert "远程诊断" in page.inner_text("[data-testid=version-body]")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(DocumentVersion.id))) == 2


def test_the_client_project_lead_signs_off_the_start_up_checklist(app, users, new_page):
    with app.app_context():
        lead = person("approver")
        lead.language = "zh"
        get_contract().client_project_lead_id = lead.id
        checklist = services.start("onboarding", actor=person("manager"), now=utcnow())
        for item in checklist.items[:-1]:
            item.status = "done"
        checklist_id, last = checklist.id, checklist.items[-1].id
        db.session.commit()
    page = new_page(lang="zh")
    sign_in(page, ROLE_EMAILS["approver"])
    page.goto("/")
    page.click("[data-testid=checklist-panel] a")
    page.wait_for_url(f"**/onboarding/{checklist_id}")
    page.click("[data-testid=sign-off]")
    error = page.locator("[data-testid=checklist-error]")
    error.wait_for()
    assert "仍有未完成的事项" in error.inner_text()
    with app.app_context():
        db.session.get(ChecklistItem, last).status = "not_needed"
        db.session.commit()
    page.goto(f"/onboarding/{checklist_id}")
    page.click("[data-testid=sign-off]")
    page.locator("[data-testid=signed-off]").wait_for()
    assert "签署确认" in page.inner_text("[data-testid=signed-off]")
    page.screenshot(path="/tmp/handover-checklist-zh.png", full_page=True)
    page.goto("/")
    assert page.locator("[data-testid=checklist-panel]").count() == 0
