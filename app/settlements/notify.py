"""Settlement mail through the outbox, in the same transaction (S21): the sheet to the client's
project lead with PDF and Excel attached; answers and overdue steps to the vendor's manager."""

from flask_babel import gettext as _

from app.mail.outbox import external_url, queue
from app.settlements import exports, links

THREAD_HEADER = "X-Deskpact-Settlement"


def manager_of(contract):
    return contract.vendor_project_manager or contract.customer_service_manager


def subject(contract, sheet, text):
    return lambda ctx: f"{contract.client_name} · {text()} · {sheet.month}"


def sheet_sent(sheet, lead, contract) -> None:
    """S21 day Y: the sheet in the lead's language, PDF and Excel attached, a signed link."""
    language = exports.language_of(lead)
    message = queue(
        lead,
        "settlement_sent",
        subject=subject(contract, sheet, lambda: _("Service fee settlement sheet")),
        headers={THREAD_HEADER: sheet.month},
        language=language,
        sheet=sheet,
        contract=contract,
        confirm_by=exports.confirm_by(sheet, contract),
        answer_url=external_url("settlements.by_link", token=links.answer_token(sheet, lead)),
    )
    if message is not None:
        paths = exports.store_files(sheet, contract, language)
        message.attachment_path = "\n".join(paths)


def sheet_answered(sheet, contract) -> None:
    """The client's answer goes back to the manager (a dispute with its comment)."""
    manager = manager_of(contract)
    if manager is None:
        return
    confirmed = sheet.status == "confirmed"
    queue(
        manager,
        "settlement_answered",
        subject=subject(
            contract,
            sheet,
            (lambda: _("Settlement confirmed"))
            if confirmed
            else (lambda: _("Settlement disputed")),
        ),
        headers={THREAD_HEADER: sheet.month},
        sheet=sheet,
        confirmed=confirmed,
        url=external_url("settlements.detail", month=sheet.month),
    )


def step_overdue(month: str, step: str, contract) -> bool:
    """An S21 step is late: the manager is told once per step."""
    manager = manager_of(contract)
    if manager is None:
        return False
    queue(
        manager,
        "settlement_overdue",
        subject=lambda ctx: f"{_('Settlement overdue')} · {month}",
        headers={THREAD_HEADER: month},
        month=month,
        step=step,
        url=external_url("settlements.detail", month=month),
    )
    return True
