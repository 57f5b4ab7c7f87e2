"""The tickets behind a figure as CSV or Excel; a cell never runs as a formula."""

from flask_babel import gettext as _

from app.reports.facts import TicketFacts
from app.reports.rules import local_date, safe_cell
from app.web.i18n import SHANGHAI
from app.web.spreadsheets import FORMATS, to_csv, to_xlsx


def header() -> list[str]:
    return [
        _("Number"),
        _("Title"),
        _("Opened"),
        _("Day"),
        _("Channel"),
        _("Priority"),
        _("Type"),
        _("Status"),
        _("Catalog item"),
        _("Catalog group"),
        _("Department"),
        _("Rings"),
        _("Resolved"),
        _("SLA breached"),
    ]


def rows(tickets: list[TicketFacts], names: dict) -> list[list]:
    out = []
    for t in tickets:
        out.append(
            [
                t.number,
                t.title,
                t.created_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"),
                local_date(t.created_at).isoformat(),
                t.channel,
                t.priority,
                t.type,
                t.status,
                names["item"].get(t.code, t.code),
                t.group,
                names["department"].get(t.department, t.department or ""),
                t.rings,
                t.resolved_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
                if t.resolved_at
                else "",
                " ".join(f"{o.metric}:{o.key}" for o in t.breaches()),
            ]
        )
    return out


def render(fmt: str, tickets: list[TicketFacts], names: dict) -> tuple[bytes, str]:
    table = [[safe_cell(value) for value in row] for row in rows(tickets, names)]
    body = to_csv(header(), table) if fmt == "csv" else to_xlsx(header(), table, _("Tickets"))
    return body, FORMATS[fmt]
