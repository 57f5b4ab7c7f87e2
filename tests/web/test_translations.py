"""Every user-visible string has its Simplified Chinese translation, placeholders intact."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "app/translations/zh/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def load(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def text(message) -> str:
    return message.string if isinstance(message.string, str) else message.string[0]


def test_catalog_is_complete_and_placeholders_match():
    catalog = load(CATALOG)
    missing, broken = [], []
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        if not text(message):
            missing.append(source)
        elif set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(text(message))):
            broken.append(source)
    assert not missing, f"untranslated: {missing[:10]}"
    assert not broken, f"placeholders differ: {broken[:10]}"


def test_every_source_string_is_in_the_catalog(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "--ignore-dirs", ".* __pycache__",
         "-o", str(template), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    extracted = {m.id for m in load(template) if m.id}
    known = {m.id for m in load(CATALOG) if m.id}
    new = sorted(str(i) for i in extracted - known)
    assert not new, f"run scripts/i18n.sh and translate: {new[:10]}"
    assert "Latest version" in extracted, "templates in _partials folders are scanned too"


def test_no_requirement_number_reaches_a_reader():
    """The contract's clause numbers (S1–S22) are for the project, not for pages or mail."""
    clause = re.compile(r"\bS\d{1,2}\b")
    found = [
        message.id
        for message in load(CATALOG)
        if message.id and (clause.search(str(message.id)) or clause.search(text(message) or ""))
    ]
    assert found == []


def test_no_requirement_number_in_the_reports_own_words_or_the_api_description(client):
    from app.reports.texts import LABELS, TEXTS

    clause = re.compile(r"\bS\d{1,2}\b")
    words = [*TEXTS.values(), *(pair for group in LABELS.values() for pair in group.values())]
    assert [pair for pair in words if any(clause.search(text) for text in pair)] == []
    description = client.get("/api/v1/openapi.json")
    assert description.status_code == 200
    assert clause.findall(description.get_data(as_text=True)) == []
