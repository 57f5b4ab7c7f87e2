"""The Excel's formulas, evaluated here, give the PDF's figures and the JSON's (S21); the
Chinese PDF writes the total in capital numerals."""

import io
import re
import subprocess
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.audit.models import AuditEvent
from app.extensions import db
from tests.settlements.test_flow import setup_october, token

CELL = re.compile(r"^=ROUND\(C(\d+)\*D(\d+),2\)$")
SUM = re.compile(r"^=SUM\(E(\d+):E(\d+)\)$")


def evaluate(book_bytes: bytes) -> tuple[list[Decimal], Decimal]:
    """Line totals and the sheet total as Excel computes them (the two formulas it uses)."""
    table = load_workbook(io.BytesIO(book_bytes)).active
    values = {}
    rows = list(table.iter_rows(min_row=2, values_only=True))
    for number, (_item, _note, quantity, price, formula) in enumerate(rows[:-1], start=2):
        match = CELL.match(formula)
        assert match and match.groups() == (str(number), str(number))
        product = Decimal(str(quantity)) * Decimal(str(price))
        values[number] = product.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    first, last = map(int, SUM.match(rows[-1][4]).groups())
    assert (first, last) == (2, len(rows))
    return list(values.values()), sum(values[n] for n in range(first, last + 1))


def pdf_text(data: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode()


@pytest.fixture
def october(app, users, login_as, november):
    setup_october(app)
    manager = login_as("manager")
    added = manager.post(
        "/api/v1/settlements/2026-10/adjustments",
        json={
            "item": "other",
            "note": '=HYPERLINK("x") 加班',
            "quantity": "3",
            "unit_price": "333.33",
        },
        headers=token(app, "manager"),
    )
    assert added.status_code == 201
    return manager


def test_excel_pdf_and_json_agree(app, october):
    api = token(app, "manager")
    body = october.get("/api/v1/settlements/2026-10", headers=api).json
    book = october.get("/api/v1/settlements/2026-10.xlsx", headers=api)
    assert book.status_code == 200
    lines, total = evaluate(book.data)
    assert [str(x) for x in lines] == [line["total"] for line in body["lines"]]
    assert str(total) == body["total"] == "39023.94"
    for lang, words in (("zh", "人民币叁万玖仟零贰拾叁元玖角肆分"), ("en", "Total")):
        pdf = october.get(f"/api/v1/settlements/2026-10.pdf?lang={lang}", headers=api)
        text = pdf_text(pdf.data)
        assert "39,023.94" in text and words in text.replace(" ", "")
        assert all(f"{Decimal(x):,.2f}" in text for x in body["lines"][0:1][0]["total"].split())
    table = load_workbook(io.BytesIO(book.data)).active
    assert table["B6"].value.startswith("'=HYPERLINK")  # text never runs as a formula
    with app.app_context():  # every download over the API is in the audit trail
        taken = db.session.scalars(
            sa.select(AuditEvent.details).where(AuditEvent.action == "data.export")
        ).all()
    assert [(d["what"], d["format"]) for d in taken] == [
        ("settlement", "xlsx"),
        ("settlement", "pdf"),
        ("settlement", "pdf"),
    ]


def test_page_downloads_in_both_languages(app, october, tmp_path):
    for lang in ("zh", "en"):
        pdf = october.get(f"/settlements/2026-10/sheet.pdf?lang={lang}")
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        (tmp_path / f"sheet-{lang}.pdf").write_bytes(pdf.data)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "60",
                "-png",
                str(tmp_path / f"sheet-{lang}.pdf"),
                f"/tmp/settlement-{lang}",
            ],
            check=True,
        )
    zh = re.sub(r"\s", "", pdf_text((tmp_path / "sheet-zh.pdf").read_bytes()))
    assert (
        "驻场桌面工程师" in zh and "叁万玖仟零贰拾叁元玖角肆分" in zh and "项目负责人（签字）" in zh
    )
    assert october.get("/settlements/2026-10/sheet.csv").status_code == 404
