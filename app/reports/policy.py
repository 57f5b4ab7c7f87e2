"""Who may do what with service reports: the vendor's managers run them; the client's project
lead acknowledges receipt through the signed link in the mail."""

from app.accounts.roles import MANAGERS
from app.reports import rules
from app.reports.models import ServiceReport


def can_manage(user) -> bool:
    return getattr(user, "role", None) in MANAGERS


def may(user, action: str, report: ServiceReport) -> bool:
    """Whether `user` may take `action` (review, send, acknowledge, comment,
    explain) on `report`."""
    if not can_manage(user):
        return False
    if action == "comment":
        return report.status == "draft"
    if action == "explain":  # breach reasons are given in the review, before the report is sent
        return report.status in ("draft", "reviewed")
    return action in rules.allowed_actions(report.status)


def link_matches(payload: dict | None, report: ServiceReport | None) -> bool:
    """The mail link was made for this version and the address it went to."""
    return (
        payload is not None
        and report is not None
        and payload.get("r") == report.id
        and payload.get("to") == report.sent_to
    )
