"""Demo data (S8): the service start-up checklist, worked through with evidence and signed
off by the client's project lead before the service started."""

from datetime import timedelta

from app.contracts.services import get_contract
from app.documents.models import Document
from app.extensions import db, utcnow
from app.onboarding import services

EVIDENCE = {
    "workflows": ("document", "服务台工作流程定义"),
    "manuals": ("document", "财务系统操作手册"),
    "configuration": ("page", "asset_register"),
    "tools": ("note", "远程桌面工具与工单系统已在全部办公电脑上安装。"),
    "service_models": ("note", "驻场 4 人、服务台 2 人，办公时间 9:00–18:00。"),
    "contacts": ("page", "contract"),
}


def seed_onboarding(people, **_context) -> None:
    import sqlalchemy as sa

    now = utcnow()
    contract = get_contract()
    manager, lead = contract.vendor_project_manager, contract.client_project_lead
    started = now - timedelta(days=320)
    checklist = services.start("onboarding", actor=manager, now=started)
    for n, item in enumerate(checklist.items):
        how, value = EVIDENCE.get(item.code, ("note", "已完成"))
        document = (
            db.session.scalar(sa.select(Document.id).where(Document.title == value))
            if how == "document"
            else None
        )
        owner = lead if item.side == "client" else manager
        progress = services.Progress(
            status="done",
            owner_id=owner.id if owner else None,
            due_on=(started + timedelta(days=10 + n)).date(),
            evidence_document_id=document,
            evidence_page=value if how == "page" else "",
            evidence_note=value if how == "note" else "",
        )
        services.update_item(item, progress, actor=manager, now=started + timedelta(days=5 + n))
    if lead is not None:
        services.sign_off(
            checklist, actor=lead, signer_named=True, now=started + timedelta(days=20)
        )
    db.session.flush()
