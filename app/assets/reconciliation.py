"""Pure audit reconciliation (S13): walk results and the audit report; no Flask, no SQLAlchemy."""

from collections.abc import Iterable
from dataclasses import dataclass

RESULTS = ("pending", "present", "absent", "moved")


@dataclass(frozen=True)
class Sighting:
    """One audit line as the reconciliation sees it."""

    tag: str
    expected: bool
    result: str
    expected_location: str
    found_location: str
    note: str
    known: bool = True  # the tag is in the register


def walk_result(expected_location: str, found_location: str, present: bool) -> str:
    """present / moved / absent from what the engineer saw."""
    if not present:
        return "absent"
    found, wanted = found_location.strip(), expected_location.strip()
    return "moved" if found and wanted and found != wanted else "present"


def reconcile(items: Iterable[Sighting], closed: bool) -> dict[str, list[Sighting]]:
    """The audit report: missing (expected, not found), unexpected (found, not expected),
    changed (found elsewhere or with differences noted), pending (not yet looked at)."""
    report: dict[str, list[Sighting]] = {
        "missing": [],
        "unexpected": [],
        "changed": [],
        "pending": [],
        "confirmed": [],
    }
    for item in items:
        if not item.expected:
            report["unexpected"].append(item)
        elif item.result == "absent" or (item.result == "pending" and closed):
            report["missing"].append(item)
        elif item.result == "pending":
            report["pending"].append(item)
        elif item.result == "moved" or item.note.strip():
            report["changed"].append(item)
        else:
            report["confirmed"].append(item)
    return report
