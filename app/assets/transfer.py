"""Import (CSV, Excel) with a dry run, and export of the filtered register.

An import reads every row, reports each bad one with its line and reason, and writes either
all good rows or none ("all"), or each good row on its own ("per_row") — never half a row.
"""

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

import sqlalchemy as sa

from app.assets import rules
from app.assets.labels import FIELD_LABELS, _, problem_message
from app.assets.models import Asset, AssetChange
from app.assets.services import AssetError, Lookups, new_asset, prepare, shown
from app.audit.services import record
from app.extensions import db

COLUMNS = rules.REGISTER_FIELDS
PARAMETER_PREFIX = "param:"
MAX_ROWS = 50_000
# a workbook is a zip: a small upload can unpack to gigabytes (50,000 real rows are ~30 MB)
MAX_UNPACKED_MB = 100
MODES = ("all", "per_row")
XLSX_MAGIC = b"PK\x03\x04"
BINARY_MAGIC = (
    b"MZ",
    b"\x7fELF",
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\xd0\xcf\x11\xe0",
)


class ImportFileError(ValueError):
    """The upload is not a spreadsheet this import can read; the message says why."""


# ---------------------------------------------------------------- reading files


def read_table(filename: str, data: bytes) -> list[dict]:
    """Rows of a .csv or .xlsx upload as {column: value}, with their line numbers under '_line'."""
    name = (filename or "").lower()
    if not data:
        raise ImportFileError(_("The file is empty."))
    if name.endswith(".xlsx") or data.startswith(XLSX_MAGIC):
        return read_xlsx(data)
    if (
        name.endswith((".csv", ".txt"))
        and not data.startswith(BINARY_MAGIC)
        and b"\0" not in data[:4096]
    ):
        return read_csv(data)
    raise ImportFileError(_("Upload a CSV file or an Excel workbook (.xlsx)."))


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The CSV file is neither UTF-8 nor GB18030 text."))


def read_csv(data: bytes) -> list[dict]:
    text = decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = csv.reader(io.StringIO(text, newline=""), dialect)
    return table_rows(rows)


def read_xlsx(data: bytes) -> list[dict]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError(_("This is not a readable Excel workbook (.xlsx).")) from error
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        message = _(
            "This workbook unpacks to more than %(size)d MB; split it into smaller files.",
            size=MAX_UNPACKED_MB,
        )
        raise ImportFileError(message)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise ImportFileError(_("This is not a readable Excel workbook (.xlsx).")) from error
    try:
        sheet = book.worksheets[0]
        return table_rows(sheet.iter_rows(values_only=True))
    finally:
        book.close()


def header_name(cell) -> str:
    text = str(cell or "").strip()
    if text.lower().startswith(PARAMETER_PREFIX):
        return PARAMETER_PREFIX + text[len(PARAMETER_PREFIX) :].strip().lower()
    return text.lower().replace(" ", "_")


def table_rows(rows: Iterable[Iterable]) -> list[dict]:
    """The header row names the columns; blank lines are skipped; rows keep their line."""
    iterator = iter(rows)
    header = [header_name(c) for c in next(iterator, None) or ()]
    if "tag" not in header or "type" not in header:
        raise ImportFileError(
            _("The first row must name the columns, at least tag and type (see the export).")
        )
    unknown = [h for h in header if h and h not in COLUMNS and not h.startswith(PARAMETER_PREFIX)]
    if unknown:
        raise ImportFileError(_("Unknown columns: %(names)s.", names=", ".join(unknown)))
    table = []
    for line, cells in enumerate(iterator, start=2):
        values = {h: rules.unneutralise(c) for h, c in zip(header, cells, strict=False) if h}
        if all(rules.blank(v) for v in values.values()):
            continue
        if len(table) >= MAX_ROWS:
            raise ImportFileError(_("At most %(count)d rows per import.", count=MAX_ROWS))
        values["_line"] = line
        table.append(values)
    return table


# ---------------------------------------------------------------- the import


@dataclass
class RowError:
    line: int
    tag: str
    messages: list[str]


@dataclass
class ImportReport:
    mode: str
    dry_run: bool
    total: int = 0
    good: int = 0
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def refused_whole(self) -> bool:
        """ "all" mode with any bad row: nothing was (or would be) imported."""
        return self.mode == "all" and bool(self.errors)


def row_values(row: dict) -> dict:
    values = {k: v for k, v in row.items() if k in COLUMNS}
    parameters = {
        k[len(PARAMETER_PREFIX) :]: v
        for k, v in row.items()
        if k.startswith(PARAMETER_PREFIX) and not rules.blank(v)
    }
    if parameters:
        values["parameters"] = parameters
    return values


def explain(error: AssetError) -> list[str]:
    return [f"{FIELD_LABELS.get(name, name)}: {message}" for name, message in error.fields.items()]


def check_rows(
    rows: list[dict], lookups: Lookups
) -> tuple[list[tuple[dict, dict]], list[RowError]]:
    """Validate every row; (row, prepared data) for good rows, RowError for bad ones."""
    tags = [rules.normalise_tag(r.get("tag")) for r in rows]
    taken = set()
    for start in range(0, len(tags), 500):
        chunk = [t for t in tags[start : start + 500] if t]
        taken |= set(db.session.scalars(sa.select(Asset.tag).where(Asset.tag.in_(chunk))))
    lookups.preload_users(str(r.get("owner") or "") for r in rows)
    good, bad, first_line = [], [], {}
    for row, tag in zip(rows, tags, strict=True):
        messages = []
        try:
            data = prepare(row_values(row), lookups, required=("tag", "type"))
        except AssetError as error:
            data, messages = None, explain(error)
        if tag in taken:
            messages.append(problem_message(rules.FieldProblem("duplicate_tag", tag)))
        elif tag and tag in first_line:
            messages.append(
                _("%(tag)s appears twice (line %(line)d).", tag=tag, line=first_line[tag])
            )
        first_line.setdefault(tag, row["_line"])
        if messages:
            bad.append(RowError(row["_line"], tag, messages))
        else:
            good.append((row, data))
    return good, bad


def insert(prepared: list[tuple[dict, dict]], *, actor, now: datetime, note: str) -> None:
    assets = [new_asset(dict(data), now) for _row, data in prepared]
    db.session.add_all(assets)
    db.session.flush()
    db.session.add_all(
        AssetChange(
            asset_id=a.id,
            at=now,
            actor_id=actor.id,
            field="created",
            new_value=shown("type", a.type),
            note=note,
        )
        for a in assets
    )
    db.session.flush()


def import_rows(
    rows: list[dict], *, mode: str, dry_run: bool, actor, now: datetime, source: str
) -> ImportReport:
    """Check every row, then write per `mode`; the caller commits (or rolls back a dry run)."""
    report = ImportReport(mode=mode, dry_run=dry_run, total=len(rows))
    good, report.errors = check_rows(rows, Lookups())
    report.good = len(good)
    if dry_run or report.refused_whole or not good:
        return report
    note = _("Imported from %(file)s", file=source)[:500]
    try:
        with db.session.begin_nested():
            insert(good, actor=actor, now=now, note=note)
        report.imported = len(good)
    except sa.exc.IntegrityError:
        # someone registered one of these tags meanwhile: "all" fails whole, "per_row" row by row
        if mode == "all":
            message = _("Another import or user registered some of these tags meanwhile.")
            raise AssetError(message) from None
        report.imported = insert_one_by_one(good, report, actor=actor, now=now, note=note)
    details = {"file": source, "imported": report.imported, "errors": len(report.errors)}
    record(
        actor,
        "asset.import",
        SimpleNamespace(__tablename__="assets", id="import"),
        details,
        now=now,
    )
    return report


def insert_one_by_one(good, report: ImportReport, *, actor, now, note) -> int:
    imported = 0
    for row, data in good:
        try:
            with db.session.begin_nested():
                insert([(row, data)], actor=actor, now=now, note=note)
            imported += 1
        except sa.exc.IntegrityError:
            tag = data["tag"]
            message = problem_message(rules.FieldProblem("duplicate_tag", tag))
            report.errors.append(RowError(row["_line"], tag, [message]))
    report.errors.sort(key=lambda e: e.line)
    return imported


# ---------------------------------------------------------------- export


def export_rows(assets: Iterable[Asset]) -> tuple[list[str], Iterator[list]]:
    """Header and rows of the register, in the import's columns (a round trip re-imports)."""
    assets = list(assets)
    keys = sorted({k for a in assets for k in (a.parameters or {})})
    header = [*COLUMNS, *(PARAMETER_PREFIX + k for k in keys)]

    def rows():
        for asset in assets:
            values = [cell(asset, name) for name in COLUMNS]
            values += [(asset.parameters or {}).get(k) for k in keys]
            yield [rules.neutralise(v) for v in values]

    return header, rows()


def cell(asset: Asset, name: str):
    value = getattr(asset, name)
    if name in ("type", "owner", "department"):
        return shown(name, value)
    return value


def to_csv(header: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else rules.display(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: Iterable[list]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("assets")
    sheet.append(header)
    for row in rows:
        cells = []
        for value in row:
            item = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                item.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(item)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
