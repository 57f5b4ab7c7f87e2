"""Import with a dry run and an exact report, never half a row; export without formulas."""

import io
import zipfile

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.assets import queries, services
from app.assets.models import Asset, AssetChange
from app.assets.transfer import COLUMNS
from app.extensions import db
from tests.assets.conftest import NOW, person

HTMX = {"HX-Request": "true"}
HEADER = "tag,type,model,owner,warranty_end,purchase_cost,param:ip"
ROWS = [
    "LAP-100,laptop,T14,emp@client.test,2027-01-31,5999,10.0.0.1",  # 2 good
    "LAP-101,laptop,T14,ghost@client.test,,,",  # 3 unknown owner
    "LAP-102,laptop,T14,,2026-02-30,,",  # 4 no such date
    "lap-100,laptop,again,,,,",  # 5 twice in the file
    "LAP-000001,laptop,,,,,",  # 6 already registered
    "MON-100,monitor,P24,,,,10.0.0.2",  # 7 monitors have no IP parameter
    ",,,,,,",  # 8 blank: skipped
    "PC-100,desktop,M90,,,-5,",  # 9 negative cost
    "PC-101,desktop,M90,,2028-1-1,12.5,",  # 10 good
    ",desktop,no tag,,,,",  # 11 tag required
]
BAD_LINES = [3, 4, 5, 6, 7, 9, 11]


def csv_file(rows=ROWS, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def upload(client, data: bytes, name: str, *, mode="all", dry_run=False, headers=None):
    form = {"mode": mode, "file": (io.BytesIO(data), name)}
    form["dry_run" if dry_run else "import"] = "1"
    return client.form("/assets/import", form, content_type="multipart/form-data", headers=headers)


def count_assets() -> int:
    return db.session.scalar(sa.select(sa.func.count(Asset.id)))


def bad_lines(page: str) -> list[int]:
    table = page.split('data-testid="bad-rows"')[1].split("</table>")[0]
    return [int(cell.split("</td>")[0]) for cell in table.split("<tr><td>")[1:]]


def test_dry_run_reports_every_bad_row_and_writes_nothing(login_as, register, in_app):
    manager = login_as("manager")
    response = upload(manager, csv_file(), "assets.csv", mode="per_row", dry_run=True, headers=HTMX)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Dry run: nothing was written" in page
    assert 'data-testid="rows-total">9<' in page and 'data-testid="rows-good">2<' in page
    assert bad_lines(page) == BAD_LINES
    for reason in (
        "No active user has the email ghost@client.test.",
        "2026-02-30 is not a real date.",
        "LAP-100 appears twice (line 2).",
        "LAP-000001 is already registered.",
        "The type monitor has no parameter ip.",
        "Cannot be negative.",
        "Asset tag: Required.",
    ):
        assert reason in page, reason
    with in_app():
        assert count_assets() == 2


def test_one_transaction_imports_nothing_when_a_row_is_bad(login_as, register, in_app):
    page = upload(login_as("manager"), csv_file(), "assets.csv", mode="all").get_data(as_text=True)
    assert "Nothing was imported" in page and 'data-testid="rows-imported">0<' in page
    with in_app():
        assert count_assets() == 2
        assert db.session.scalar(sa.select(sa.func.count(AssetChange.id))) == 4


def test_per_row_imports_the_good_rows_whole(login_as, register, in_app):
    response = upload(login_as("manager"), csv_file(), "assets.csv", mode="per_row")
    assert 'data-testid="rows-imported">2<' in response.get_data(as_text=True)
    with in_app():
        assert count_assets() == 4
        laptop = queries.get_by_tag("LAP-100")
        assert (laptop.owner.email, str(laptop.warranty_end), str(laptop.purchase_cost)) == (
            "emp@client.test",
            "2027-01-31",
            "5999.00",
        )
        assert (laptop.status, laptop.parameters) == ("in_use", {"ip": "10.0.0.1"})
        assert queries.history(laptop)[0].note == "Imported from assets.csv"
        assert queries.get_by_tag("PC-101").status == "in_stock"
        assert all(
            queries.get_by_tag(t) is None for t in ("LAP-101", "LAP-102", "MON-100", "PC-100")
        )


def test_a_clean_file_imports_in_one_transaction(login_as, register, in_app):
    good = [ROWS[0], ROWS[8]]
    response = upload(login_as("manager"), csv_file(good), "assets.csv")
    assert response.status_code == 200
    with in_app():
        assert count_assets() == 4


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "photo.png", "Upload a CSV file or an Excel workbook"),
        (b"%PDF-1.7 fake", "assets.xlsx", "not a readable Excel workbook"),
        (b"PK\x03\x04 not really a zip", "assets.xlsx", "not a readable Excel workbook"),
        (b"MZ\x90\x00 program", "assets.csv", "Upload a CSV file or an Excel workbook"),
        (b"hello,world\n1,2\n", "assets.csv", "at least tag and type"),
        (b"tag,type,colour\nA,laptop,red\n", "assets.csv", "Unknown columns: colour"),
        (b"", "assets.csv", "The file is empty"),
    ],
)
def test_files_that_are_not_register_spreadsheets(login_as, register, in_app, data, name, message):
    response = upload(login_as("manager"), data, name, headers=HTMX)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with in_app():
        assert count_assets() == 2


def test_a_50_mb_upload_is_refused_clearly(login_as, register):
    manager = login_as("manager")
    big = b"tag,type\n" + b"X" * (50 * 1024 * 1024)
    values = {
        "csrf_token": manager.csrf_token(),
        "import": "1",
        "file": FileStorage(io.BytesIO(big), "huge.csv"),
    }
    boundary, body = encode_multipart(values)  # in memory: no temporary file left open
    kind = f"multipart/form-data; boundary={boundary}"
    page = manager.post("/assets/import", data=body, content_type=kind)
    assert page.status_code == 413
    assert "larger than the 25 MB allowed" in page.get_data(as_text=True)
    fragment = manager.post("/assets/import", data=body, content_type=kind, headers=HTMX)
    assert fragment.status_code == 422 and "Nothing was imported" in fragment.get_data(as_text=True)


def test_a_workbook_that_unpacks_to_gigabytes_is_refused(login_as, register, in_app):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "a") as archive:
        archive.writestr("xl/padding.xml", b" " * (101 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    assert len(packed.getvalue()) < 1024 * 1024
    response = upload(login_as("manager"), packed.getvalue(), "assets.xlsx", headers=HTMX)
    assert response.status_code == 422
    assert "unpacks to more than 100 MB" in response.get_data(as_text=True)
    with in_app():
        assert count_assets() == 2


def test_export_neutralises_formulas(login_as, register, in_app):
    with in_app():
        asset = queries.get_by_tag("LAP-000001")
        services.update_asset(
            asset,
            {"model": '=HYPERLINK("http://x")', "notes": "+1+1", "manufacturer": "@SUM(A1)"},
            actor=person("engineer"),
            now=NOW,
            authorized_by=register["ticket"],
        )
        db.session.commit()
    agent = login_as("agent")
    exported = agent.get("/assets/export.csv?q=LAP").get_data(as_text=True)
    assert exported.startswith("\ufefftag,type,model")
    row = exported.splitlines()[1]
    assert "'=HYPERLINK" in row and ",'+1+1" in row and "'@SUM(A1)" in row
    book = load_workbook(io.BytesIO(agent.get("/assets/export.xlsx?q=LAP").data))
    cells = {c.value: c for c in book.active[2]}
    assert '\'=HYPERLINK("http://x")' in cells
    assert all(c.data_type != "f" for c in book.active[2])


def test_excel_round_trip(login_as, register, in_app):
    with in_app():
        asset = queries.get_by_tag("LAP-000001")
        services.update_asset(
            asset,
            {
                "purchase_date": "2024-03-01",
                "purchase_cost": "7499.5",
                "warranty_end": "2027-02-28",
                "location": "A座 5F 12号工位",
                "notes": "=not a formula",
                "parameters": {"ip": "10.2.3.4", "ram_gb": 32},
                "default_password_changed": "yes",
                "antivirus_date": "2026-05-10",
                "patches_missing": 2,
            },
            actor=person("engineer"),
            now=NOW,
            authorized_by=register["ticket"],
        )
        db.session.commit()
    manager = login_as("manager")
    exported = load_workbook(io.BytesIO(manager.get("/assets/export.xlsx").data))
    sheet = exported.active
    header = [c.value for c in sheet[1]]
    assert header[: len(COLUMNS)] == list(COLUMNS)
    copy = Workbook()
    for n, row in enumerate(sheet.iter_rows(values_only=True)):
        row = list(row)
        if n:
            row[0] = row[0] + "-B"
        copy.active.append(row)
    data = io.BytesIO()
    copy.save(data)
    response = upload(manager, data.getvalue(), "copy.xlsx")
    assert 'data-testid="rows-imported">2<' in response.get_data(as_text=True)
    with in_app():
        for tag in ("LAP-000001", "MON-000001"):
            original, copied = queries.get_by_tag(tag), queries.get_by_tag(f"{tag}-B")
            for name in [*COLUMNS[1:], "parameters"]:
                assert getattr(copied, name) == getattr(original, name), name
