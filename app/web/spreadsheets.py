"""Lists as CSV or Excel files; a cell never runs as a formula."""

import csv
import io
from collections.abc import Iterable

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text starting like a formula is quoted, so a spreadsheet shows it instead of running it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(head: list[str], table: Iterable[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(head)
    writer.writerows([["" if v is None else v for v in row] for row in table])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(head: list[str], table: Iterable[list], sheet_name: str) -> bytes:
    from openpyxl import Workbook  # heavy: loaded only when a file is asked for
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
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


def render(fmt: str, head: list[str], table: Iterable[list], sheet_name: str) -> bytes:
    rows = [[safe_cell(value) for value in row] for row in table]
    return to_csv(head, rows) if fmt == "csv" else to_xlsx(head, rows, sheet_name)
