"""Translated names of statuses, actions, channels and levels, for pages and mail."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.tickets.catalog import GROUPS

STATUS_LABELS = {
    "new": _l("New"),
    "accepted": _l("Accepted"),
    "remote": _l("Remote handling"),
    "dispatched": _l("Dispatched"),
    "onsite": _l("On site"),
    "pending_customer": _l("Waiting for the user"),
    "pending_vendor": _l("Waiting for vendor"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
    "cancelled": _l("Cancelled"),
}
ACTION_LABELS = {
    # the action; "Opened" and "Created" are the time columns
    "created": _l("Ticket created"),
    "accept": _l("Accept"),
    "start_remote": _l("Start remote handling"),
    "dispatch": _l("Dispatch"),
    "arrive": _l("Arrived on site"),
    "pend": _l("Wait"),
    "resume": _l("Resume"),
    "resolve": _l("Resolve"),
    "confirm": _l("Confirm fix"),
    "close": _l("Closed automatically"),
    "reopen": _l("Reopen"),
    "cancel": _l("Cancel"),
    "comment": _l("Reply"),
    "priority_changed": _l("Priority changed"),
    "field_changed": _l("Changed"),
    "fixed_in_passing": _l("Fixed in passing"),
    "vendor_case": _l("Vendor coordination"),
    "escalate": _l("Escalated"),
    "linked": _l("Linked"),
    "merged": _l("Merged"),
    "attachment": _l("Attachment"),
}
# what the portal itself says on a history line (TicketEvent.note_code → the words)
NOTE_TEXTS = {
    "phone_call": _l("Phone call taken"),
    "confirmed_by_link": _l("Confirmed from the e-mail link."),
    "answered_by_mail": _l("The requester answered by email."),
    "auto_closed": _l("Closed automatically: no confirmation received."),
    "duplicate_of": _l("Duplicate of %(number)s"),
    "wrote_by_mail": _l("%(sender)s wrote by email:"),
    "installation_signed_off": _l("Installation signed off."),
}
# the requester's own words for what they may do to their request
REQUESTER_ACTION_LABELS = {"cancel": _l("Withdraw request")}
CHANNEL_LABELS = {
    "web": _l("Web"),
    "email": _l("Email"),
    "phone": _l("Phone"),
    "walk_in": _l("Walk-in"),
}
LEVEL_LABELS = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}
TYPE_LABELS = {
    "incident": _l("Incident"),
    "request": _l("Service request"),
    "installation": _l("Installation"),
}
METRIC_LABELS = {
    "response": _l("Desk response"),
    "remote_limit": _l("Remote handling limit"),
    "onsite_arrival": _l("Onsite arrival"),
    "resolution": _l("Resolution"),
}
SLA_STATE_LABELS = {
    "running": _l("Running"),
    "paused": _l("Paused"),
    "met": _l("Met"),
    "breached": _l("Breached"),
    "cancelled": _l("Stopped"),
}


def catalog_groups(lang: str) -> list[tuple[str, str]]:
    """(code, name) of the S1 catalog groups in the reader's language, in catalog order."""
    return [(code, zh if lang == "zh" else en) for code, (_, zh, en) in GROUPS.items()]


def event_note(event) -> str:
    """What the portal said on a history line, in the reader's language ('' for none)."""
    text = NOTE_TEXTS.get(event.note_code or "")
    if text is None:
        return ""
    params = event.note_params or {}
    try:
        return str(text) % params if params else str(text)
    except (KeyError, TypeError):  # a line stored with other parameters still shows its words
        return str(text)


def event_text(event) -> str:
    """One history line as a sentence in the reader's language (the API's `text`)."""
    head = str(ACTION_LABELS.get(event.action, event.action))
    if event.from_status and event.to_status and event.from_status != event.to_status:
        before, after = (STATUS_LABELS.get(s, s) for s in (event.from_status, event.to_status))
        head = f"{head} ({before} → {after})"
    if event.field:
        head = f"{head} {event.field}: {event.old_value or ''} → {event.new_value or ''}"
    person = event.note if event.action != "created" else ""
    body = "\n".join(part for part in (event_note(event), person) if part)
    return f"{head}: {body}" if body else head


def requester_action_label(action: str):
    """An action as the requester reads it on their own request ("Withdraw request")."""
    return REQUESTER_ACTION_LABELS.get(action) or ACTION_LABELS.get(action, action)


def response_minutes(contract, channel: str) -> int | None:
    """S7: the desk's response target for a request from this channel (none for a call)."""
    targets = {
        "email": contract.response_email_minutes,
        "web": contract.response_web_minutes,
        "walk_in": contract.response_web_minutes,
    }
    return targets.get(channel)


def register_template_helpers(app: Flask) -> None:
    from app.contracts.services import get_contract
    from app.web.i18n import current_lang

    app.jinja_env.globals.update(
        status_label=lambda status: STATUS_LABELS.get(status, status),
        action_label=lambda action: ACTION_LABELS.get(action, action),
        requester_action_label=requester_action_label,
        event_note=event_note,
        catalog_groups=lambda: catalog_groups(current_lang()),
        channel_label=lambda channel: CHANNEL_LABELS.get(channel, channel),
        level_label=lambda level: LEVEL_LABELS.get(level, level),
        type_label=lambda kind: TYPE_LABELS.get(kind, kind),
        metric_label=lambda code: METRIC_LABELS.get(code, code),
        sla_state_label=lambda state: SLA_STATE_LABELS.get(state, state),
        arrival_minutes=lambda: get_contract().onsite_arrival_minutes,
        response_minutes=lambda channel: response_minutes(get_contract(), channel),
        auto_close_days=lambda: get_contract().auto_close_business_days,
        attachment_mb=lambda: get_contract().max_attachment_mb,
    )
