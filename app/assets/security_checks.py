"""Pure security checks of a CI (S14): which findings are overdue; no Flask, no SQLAlchemy."""

from dataclasses import dataclass
from datetime import date, timedelta

FINDINGS = ("default_password", "rotation_due", "antivirus_old", "patches_missing")
# S14 security-service catalog items of each finding (passwords: rotation and defaults)
FINDING_CATALOG = {
    "default_password": "sec.password",
    "rotation_due": "sec.password",
    "antivirus_old": "sec.antivirus",
    "patches_missing": "sec.patch",
}


@dataclass(frozen=True)
class SecurityStatus:
    default_password_changed: str
    password_rotated_on: date | None
    password_rotation_days: int | None
    antivirus_date: date | None
    patches_missing: int


def security_findings(
    status: SecurityStatus, today: date, *, antivirus_max_age_days: int, rotation_days: int
) -> list[str]:
    """What is overdue on one CI; only recorded facts count (unknown is not a finding)."""
    found = []
    if status.default_password_changed == "no":
        found.append("default_password")
    interval = status.password_rotation_days or rotation_days
    if status.password_rotated_on and status.password_rotated_on + timedelta(interval) < today:
        found.append("rotation_due")
    if status.antivirus_date and status.antivirus_date < today - timedelta(antivirus_max_age_days):
        found.append("antivirus_old")
    if status.patches_missing > 0:
        found.append("patches_missing")
    return found
