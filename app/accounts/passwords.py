"""What a password must be (ASVS V2.1): at least 12 characters, at most 128, any characters,
no composition rules, and not a commonly used password nor the person's own name or address.

Pure: no Flask, no database. Callers turn the problem codes into words people read.
"""

import unicodedata
from functools import cache
from pathlib import Path

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")

TOO_SHORT = "too_short"
TOO_LONG = "too_long"
COMMON = "common"
PERSONAL = "personal"


@cache
def common_passwords() -> frozenset[str]:
    """The list of passwords people pick most often, lower-cased."""
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


def normalise(password: str) -> str:
    """Unicode NFKC, as ASVS asks, so the same password typed on two keyboards matches."""
    return unicodedata.normalize("NFKC", password)


def password_problems(password: str, *, email: str = "", name: str = "") -> list[str]:
    """The rules this password breaks, as codes; an empty list means it is acceptable."""
    password = normalise(password or "")
    length = len(password)
    if length < MIN_LENGTH:
        return [TOO_SHORT]
    if length > MAX_LENGTH:
        return [TOO_LONG]
    folded = password.lower()
    squeezed = "".join(folded.split())
    if folded in common_passwords() or squeezed in common_passwords() or _repetitive(squeezed):
        return [COMMON]
    personal = {email.strip().lower(), email.strip().lower().partition("@")[0], name.lower()}
    if any(len(part) >= 4 and part.replace(" ", "") == squeezed for part in personal if part):
        return [PERSONAL]
    return []


def _repetitive(password: str) -> bool:
    """One character or a short run repeated, like "aaaaaaaaaaaa" or "abcabcabcabc"."""
    for size in range(1, 5):
        unit = password[:size]
        if unit and unit * (len(password) // size) + unit[: len(password) % size] == password:
            return True
    return False
