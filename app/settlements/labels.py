"""Words people read about settlements: items, notes, statuses, history and refusals, each in
the reader's language (stored as codes with parameters, worded here)."""

from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.settlements import rules

ITEM_LABELS = {
    "resident_engineer": _l("Resident desktop engineer (person-month)"),
    "desk_staff": _l("Service desk staff (person-month)"),
    "replacement": _l("Hardware replacement (per item)"),
    "oow_replacement": _l("Out-of-warranty hardware replacement (at cost plus handling fee)"),
    "other": _l("Other"),
}
POSITION_LABELS = {
    "resident_engineer": _l("Resident desktop engineer"),
    "desk_staff": _l("Service desk staff"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "sent": _l("Sent, waiting for the client"),
    "disputed": _l("Disputed by the client"),
    "confirmed": _l("Confirmed and locked"),
}
FEE_KIND_LABELS = {"percent": _l("Percent of the cost"), "fixed": _l("Fixed amount per item")}
REFUSALS = {
    "locked": _l("This month is confirmed and locked; record a correction on a later month."),
    "awaiting_client": _l("The sheet is with the client; wait for the answer before changing it."),
    "state": _l("This cannot be done in the sheet's present state."),
    "future_month": _l("This month has not begun; there is no record to settle yet."),
    "month_open": _l("The month is not over yet; send its sheet once it has ended."),
    "no_lead": _l("Name the client's project lead in the contract settings first."),
    "note_required": _l("Please write a comment."),
    "note_too_long": _l("The comment is too long (at most 2000 characters)."),
    "bad_characters": _l("The text contains characters that cannot be stored."),
    "invalid": _l("Some fields are invalid."),
    "refers_to": _l("A correction refers to an earlier month that is confirmed."),
    "action": _l("Unknown action."),
}
FIELD_ERRORS = {
    "number": _l("Enter a number."),
    "decimals": _l("Too many decimals (prices in fen, quantities to four places)."),
    "negative": _l("Must not be negative."),
    "too_large": _l("Too large."),
    "item": _l("Choose an item."),
    "month": _l("Choose a month."),
    "date": _l("Enter a date."),
    "name": _l("Enter a name."),
    **{code: REFUSALS[code] for code in ("note_required", "note_too_long", "bad_characters")},
    "refers_to": REFUSALS["refers_to"],
}


def refusal(code: str) -> str:
    return str(REFUSALS.get(code, REFUSALS["state"]))


def field_errors(fields: dict[str, str]) -> dict[str, str]:
    return {
        name: str(FIELD_ERRORS.get(code, FIELD_ERRORS["number"])) for name, code in fields.items()
    }


def staff_text(person: dict) -> str:
    if person["days"] == person["of"]:
        return _("%(name)s (full month)", name=person["name"])
    return _(
        "%(name)s (%(days)d of %(of)d working days)",
        name=person["name"],
        days=person["days"],
        of=person["of"],
    )


def note_text(line) -> str:
    """A line's note in the reader's language."""
    note = line.note or {}
    code = note.get("code")
    if code == "staffing":
        people = note.get("people", [])
        return _("; ").join(staff_text(p) for p in people) if people else _("Nobody planned")
    if code == "replacements":
        return _("Signed-off replacement installations: %(count)d", count=note.get("count", 0))
    if code == "oow":
        fee = _("%(value)s%%", value=note["fee_value"]) if note.get("fee_kind") == "percent" else ""
        return _(
            "RMA %(rma)s · %(tag)s · %(vendor)s · cost %(cost)s + handling fee %(fee)s %(rate)s",
            rma=note["rma"],
            tag=note["tag"],
            vendor=note["vendor"],
            cost=rules.money(note["cost"]),
            fee=rules.money(note["fee"]),
            rate=f"({fee})" if fee else "",
        ).strip()
    if code == "none":
        return _("No out-of-warranty replacement this month")
    text = note.get("text", "")
    if getattr(line, "refers_to", ""):
        return _("Correction of %(month)s: %(text)s", month=line.refers_to, text=text)
    return text


def event_text(event) -> str:
    """A history entry in the reader's language."""
    params = event.params or {}
    texts = {
        "computed": lambda: _("Computed from the service record: %(total)s", total=money(params)),
        "recomputed": lambda: _("Computed again: %(total)s", total=money(params)),
        "adjusted": lambda: _(
            "Adjustment added (%(item)s): %(total)s",
            item=ITEM_LABELS.get(params.get("item"), ""),
            total=money(params),
        ),
        "sent": lambda: _(
            "Sent to %(to)s: %(total)s", to=params.get("to", ""), total=money(params)
        ),
        "disputed": lambda: _("Disputed by the client"),
        "confirmed": lambda: _("Confirmed by the client; the month is locked"),
        "reminder_send": lambda: _("Reminder: the sheet is not sent yet"),
        "reminder_confirm": lambda: _("Reminder: the client has not answered yet"),
    }
    return texts.get(event.code, lambda: _("Changed"))()


def money(params: dict) -> str:
    return rules.money(params.get("total", "0"))


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        settlement_item_label=lambda key: ITEM_LABELS.get(key, key),
        settlement_status_label=lambda key: STATUS_LABELS.get(key, key),
        settlement_position_label=lambda key: POSITION_LABELS.get(key, key),
        settlement_note=note_text,
        settlement_event=event_text,
        settlement_money=rules.money,
        settlement_quantity=rules.quantity_text,
        settlement_upper=rules.rmb_upper,
    )


def refusal_404() -> str:
    return _("This page does not exist or is not visible to you.")


def refusal_403() -> str:
    return _("Your role does not give access to this page.")
