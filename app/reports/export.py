"""The tickets behind a figure as CSV or Excel; a cell never runs as a formula."""

import csv
import io

from flask_babel import gettext as _

from app.reports.facts import TicketFacts
from app.reports.rules import local_date, safe_cell
from app.web.i18n import SHANGHAI

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
    body = to_csv(header(), table) if fmt == "csv" else to_xlsx(header(), table)
    return body, FORMATS[fmt]


def to_csv(head: list[str], table: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows([["" if v is None else v for v in row] for row in table])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(head: list[str], table: list[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Tickets")[:31])
    sheet.append(head)
    for row in table:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text, whatever it starts with
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
