"""The sheet as PDF (Chinese or English; the Chinese edition adds the total in 大写) and as
Excel with formulas for every line total and the sheet total, so the client can check them."""

import io
from datetime import date
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from app.settlements import labels, rules
from app.web.pdf import html_to_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LANGUAGES = ("zh", "en")


def language_of(user) -> str:
    language = getattr(user, "language", None)
    return language if language in LANGUAGES else "zh"


def confirm_by(sheet, contract) -> date:
    year, month = rules.parse_month(sheet.month)
    return rules.due_date(year, month, contract.settlement_confirm_day)


def context(sheet, contract, lang: str) -> dict:
    year, month = rules.parse_month(sheet.month)
    return {
        "sheet": sheet,
        "contract": contract,
        "lang": lang,
        "period": rules.month_bounds(year, month),
        "confirm_by": confirm_by(sheet, contract),
    }


def render_pdf(sheet, contract, lang: str) -> bytes:
    with force_locale(lang):
        html = render_template("settlements/sheet_pdf.html", **context(sheet, contract, lang))
    return html_to_pdf(html)


def safe_text(value: str) -> str:
    """Text never runs as a formula in the client's spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def render_xlsx(sheet, contract, lang: str) -> bytes:
    """Rows 2…n+1 hold the lines (E = ROUND(C*D, 2)); the last row sums column E."""
    book = Workbook()
    table = book.active
    with force_locale(lang):
        table.title = sheet.month
        table.append([_("Item"), _("Note"), _("Quantity"), _("Unit price (RMB)"), _("Total (RMB)")])
        for row, line in enumerate(sheet.lines, start=2):
            table.append(
                [
                    safe_text(str(labels.ITEM_LABELS.get(line.item, line.item))),
                    safe_text(labels.note_text(line)),
                    line.quantity,
                    line.unit_price,
                    f"=ROUND(C{row}*D{row},2)",
                ]
            )
        last = len(sheet.lines) + 1
        total_row = last + 1
        table.append([_("Total"), "", None, None, f"=SUM(E2:E{last})" if last >= 2 else 0])
    for cell in table[1] + table[total_row]:
        cell.font = Font(bold=True)
    for row in table.iter_rows(min_row=2, min_col=3, max_col=5):
        row[0].number_format = "0.####"
        for cell in row[1:]:
            cell.number_format = "#,##0.00"
    for column, width in zip("ABCDE", (44, 60, 12, 18, 18), strict=True):
        table.column_dimensions[column].width = width
    for row in table.iter_rows(min_row=2, max_col=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def file_name(sheet, lang: str, extension: str) -> str:
    return f"settlement-{sheet.month}-{lang}.{extension}"


def store_files(sheet, contract, lang: str) -> list[str]:
    """The PDF and Excel as sent, kept under the upload folder; their absolute paths."""
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "settlements"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for extension, data in (
        ("pdf", render_pdf(sheet, contract, lang)),
        ("xlsx", render_xlsx(sheet, contract, lang)),
    ):
        path = folder / f"{sheet.sent_count or 0}-{file_name(sheet, lang, extension)}"
        path.write_bytes(data)
        paths.append(str(path))
    return paths
