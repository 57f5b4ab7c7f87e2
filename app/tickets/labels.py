"""Translated names of statuses, actions, channels and levels, for pages and mail."""

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from chinese_calendar.constants import Holiday
from flask import Flask
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from app.clocks.countdown import HOLIDAY, OFF_HOURS, SERVICE_HOURS, Countdown, Stretch
from app.extensions import db
from app.tickets.catalog import GROUPS
from app.tickets.models import CatalogItem
from app.web.i18n import SHANGHAI, current_lang

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
    "assigned": _l("Assigned"),
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
    "installation_rejected": _l("The installation request was not approved."),
    "assigned_to": _l("Now with %(name)s."),
}
# the field a history line changed, as people name it; domains above add theirs (installations)
FIELD_LABELS = {
    "urgency": _l("Urgency"),
    "impact": _l("Impact"),
    "priority": _l("Priority"),
    "catalog_item": _l("Catalog item"),
    "related": _l("Related"),
    "duplicate_of": _l("Duplicate of"),
    "duplicate": _l("Duplicate merged into this one"),
    "child": _l("Child ticket"),
    "parent": _l("Parent ticket"),
}
# field → the words of its stored values (a level, a catalog code, a domain's status)
VALUE_WORDS: dict[str, Callable[[str], str]] = {}
# a link between two tickets as each side reads it (queries.linked)
LINK_LABELS = {
    "related:out": _l("Related"),
    "related:in": _l("Related"),
    "duplicate_of:out": _l("Duplicate of"),
    "duplicate_of:in": _l("Duplicate merged into this one"),
    "child:out": _l("Child ticket"),
    "child:in": _l("Parent ticket"),
}
# the SLA clocks as the queue's filter names them
CLOCK_LABELS = {
    "response": _l("Response"),
    "remote_limit": _l("Remote handling limit"),
    "onsite_arrival": _l("Onsite arrival"),
    "resolution": _l("Resolution"),
}
DUE_LABELS = {"breached": _l("Past an SLA deadline"), "hour": _l("Due within an hour")}
BULK_LABELS = {
    "assign": _l("Assign to…"),
    "accept": _l("Accept"),
    "start_remote": _l("Start remote handling"),
    "pend_customer": _l("Wait for the user"),
    "pend_vendor": _l("Wait for a vendor"),
    "resume": _l("Resume"),
    "resolve": _l("Resolve"),
    "cancel": _l("Cancel"),
    "link_problem": _l("Link to problem…"),
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


def field_change(event) -> str:
    """What a history line changed, in the reader's words: "紧急程度：低 → 高", "Related: INC-…"
    ('' when it changed no field)."""
    if not event.field:
        return ""
    name = str(FIELD_LABELS.get(event.field, _l("Changed")))
    words = VALUE_WORDS.get(event.field, str)
    old, new = (words(value) if value else "" for value in (event.old_value, event.new_value))
    change = f"{old} → {new}" if old else new
    return _("%(field)s: %(change)s", field=name, change=change)


def catalog_item_name(code: str) -> str:
    item = db.session.scalar(sa.select(CatalogItem).where(CatalogItem.code == code))
    return item.name(current_lang()) if item else code


VALUE_WORDS.update(
    urgency=lambda level: str(LEVEL_LABELS.get(level, level)),
    impact=lambda level: str(LEVEL_LABELS.get(level, level)),
    catalog_item=catalog_item_name,
)


def event_text(event) -> str:
    """One history line as a sentence in the reader's language (the API's `text`)."""
    head = str(ACTION_LABELS.get(event.action, _l("Changed")))
    if event.from_status and event.to_status and event.from_status != event.to_status:
        before, after = (STATUS_LABELS.get(s, s) for s in (event.from_status, event.to_status))
        head = f"{head} ({before} → {after})"
    if change := field_change(event):
        head = f"{head} · {change}"
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


def service_duration(minutes: float) -> str:
    """Service time as "4 h 30 min", "45 min" or "12 s"."""
    seconds = round(minutes * 60)
    if seconds < 60:
        return _("%(s)d s", s=seconds)
    hours, rest = divmod(round(seconds / 60), 60)
    if not hours:
        return _("%(m)d min", m=rest)
    if not rest:
        return _("%(h)d h", h=hours)
    return _("%(h)d h %(m)d min", h=hours, m=rest)


def moment(at: datetime, now: datetime) -> str:
    """A time of day today, else with its date: "09:00", "10-08 09:00"."""
    local, today = at.astimezone(SHANGHAI), now.astimezone(SHANGHAI).date()
    if local.date() == today:
        return local.strftime("%H:%M")  # digits only: no locale to ask, on every queue row
    return local.strftime("%m-%d %H:%M" if local.year == today.year else "%Y-%m-%d %H:%M")


def _fill(text: str, html: bool, **params):
    """A translated pattern filled in; in HTML the pattern and the plain values are escaped."""
    return Markup(escape(text)) % params if html else text % params


def countdown_state(countdown: Countdown, now: datetime, *, html: bool = False) -> str:
    """Whether the clock counts now, and if not why and until when."""
    if countdown.running:
        return _("running")
    if countdown.paused_for == OFF_HOURS:
        text = _("paused outside service hours, resumes %(time)s")
        return _fill(text, html, time=moment(countdown.resumes_at, now))
    if countdown.paused_for == HOLIDAY:
        name = holiday_text(countdown.holiday)
        text = _("paused for %(holiday)s, resumes %(time)s")
        return _fill(text, html, holiday=name, time=moment(countdown.resumes_at, now))
    if countdown.paused_for == "pending_customer":
        return _("paused while waiting for the user")
    if countdown.paused_for == "pending_vendor":
        return _("paused while waiting for a third party")
    return _("paused")


_CHINESE_HOLIDAYS = {holiday.value: holiday.chinese for holiday in Holiday}


def holiday_name(name: str | None) -> str:
    """A statutory holiday's name in the reader's language; a manager's names as written."""
    if not name:
        return ""
    return _CHINESE_HOLIDAYS.get(name, name) if current_lang() == "zh" else name


def holiday_text(name: str | None) -> str:
    """A holiday's name for a sentence; "a holiday" when it has none."""
    return holiday_name(name) or _("a holiday")


def countdown_text(countdown: Countdown, now: datetime, *, left_html: Markup | None = None):
    """The one sentence every page, mail and the API say about a clock that has not stopped:
    "10 min of service time left · paused outside service hours, resumes 09:00 (due 09:10)".
    With left_html (the figure as markup, e.g. one the page counts down) it is HTML."""
    html = left_html is not None
    left = left_html if html else service_duration(abs(countdown.left_seconds) / 60)
    if countdown.left_seconds >= 0:
        figure = _fill(_("%(time)s of service time left"), html, time=left)
    else:
        figure = _fill(_("%(time)s of service time past due"), html, time=left)
    state = countdown_state(countdown, now, html=html)
    due = moment(countdown.due_at, now)
    if countdown.waiting:
        text = _("%(figure)s · %(state)s (due %(due)s if it resumed now)")
    else:
        text = _("%(figure)s · %(state)s (due %(due)s)")
    return _fill(text, html, figure=figure, state=state, due=due)


def countdown_html(countdown: Countdown, now: datetime, testid: str = "countdown") -> Markup:
    """The countdown sentence for a page; while the clock runs, the page counts its figure
    down until that stretch of service time ends (static/js/app.js, data-left)."""
    ticking = Markup("")
    if countdown.running:
        counts_for = max(int((countdown.counts_until - now).total_seconds()), 0)
        ticking = Markup(' data-left="{}" data-counts-for="{}"').format(
            countdown.left_seconds, counts_for
        )
    figure = service_duration(abs(countdown.left_seconds) / 60)
    left = Markup('<strong class="countdown-left"{}>{}</strong>').format(ticking, figure)
    return Markup(
        '<span class="countdown {}" data-testid="{}" data-running="{}" data-left-seconds="{}">'
        "{}</span>"
    ).format(
        "counting" if countdown.running else "paused",
        testid,
        "yes" if countdown.running else "no",
        countdown.left_seconds,
        countdown_text(countdown, now, left_html=left),
    )


def countdown_changes_in(countdown: Countdown, now: datetime) -> int | None:
    """Seconds until the sentence changes (time runs out, service hours end, counting
    resumes), for a page that reloads then; None while the ticket waits."""
    if countdown.running:
        until = min(countdown.left_seconds, int((countdown.counts_until - now).total_seconds()))
    elif countdown.resumes_at is not None:
        until = int((countdown.resumes_at - now).total_seconds())
    else:
        return None
    return max(until, 0) + 1


def stretch_text(stretch: Stretch) -> str:
    """One line of a clock's timeline: what made it count, or why it did not."""
    if stretch.kind == "running":
        if stretch.reason == SERVICE_HOURS:
            return _("Running: service hours")
        action = ACTION_LABELS.get(stretch.reason, stretch.reason)
        return _("Running: %(reason)s", reason=action)
    if stretch.reason == OFF_HOURS:
        return _("Paused: outside service hours")
    if stretch.reason == HOLIDAY:
        return _("Paused: %(holiday)s", holiday=holiday_text(stretch.holiday))
    return _("Paused: %(reason)s", reason=STATUS_LABELS.get(stretch.reason, stretch.reason))


def clock_title(clock) -> str:
    """A clock's name; the second and later clocks of a metric carry their number."""
    name = str(METRIC_LABELS.get(clock.metric, clock.metric))
    if clock.sequence == 1:
        return name
    return _("%(metric)s · no. %(n)d", metric=name, n=clock.sequence)


def register_template_helpers(app: Flask) -> None:
    from app.contracts.services import get_contract

    app.jinja_env.globals.update(
        status_label=lambda status: STATUS_LABELS.get(status, status),
        action_label=lambda action: ACTION_LABELS.get(action, _l("Changed")),
        field_change=field_change,
        clock_labels=CLOCK_LABELS,
        link_label=lambda how: LINK_LABELS.get(how, how),
        due_labels=DUE_LABELS,
        requester_action_label=requester_action_label,
        event_note=event_note,
        catalog_groups=lambda: catalog_groups(current_lang()),
        channel_label=lambda channel: CHANNEL_LABELS.get(channel, channel),
        level_label=lambda level: LEVEL_LABELS.get(level, level),
        type_label=lambda kind: TYPE_LABELS.get(kind, kind),
        metric_label=lambda code: METRIC_LABELS.get(code, code),
        sla_state_label=lambda state: SLA_STATE_LABELS.get(state, state),
        countdown_text=countdown_text,
        countdown_html=countdown_html,
        countdown_changes_in=countdown_changes_in,
        countdown_state=countdown_state,
        stretch_text=stretch_text,
        clock_title=clock_title,
        service_duration=service_duration,
        response_minutes=lambda channel: response_minutes(get_contract(), channel),
        auto_close_days=lambda: get_contract().auto_close_business_days,
        attachment_mb=lambda: get_contract().max_attachment_mb,
    )
