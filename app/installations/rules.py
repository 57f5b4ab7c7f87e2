"""Pure installation rules (S4, S5): the flow, the set of equipment, the signature image."""

import base64
import binascii
import struct
from dataclasses import dataclass

STATUSES = ("requested", "approved", "scheduled", "installed", "signed_off", "rejected")
KIND_BY_CATALOG = {"install.new": "new", "install.replace": "replace"}
METHODS = ("signature", "email", "batch")
OUTCOMES = ("retired", "in_stock")
MAX_ITEMS = 12
MAX_SIGNATURE_BYTES = 400 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# S4: request → approval → install → user sign-off (and the register is updated)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({"requested"}), "approved"),
    "reject": (frozenset({"requested"}), "rejected"),
    "schedule": (frozenset({"approved", "scheduled"}), "scheduled"),
    "install": (frozenset({"approved", "scheduled"}), "installed"),
    "sign_off": (frozenset({"installed"}), "signed_off"),
}


class InstallationFlowError(ValueError):
    """The step is not possible in the installation's current status."""


def next_status(status: str, action: str) -> str:
    if action not in TRANSITIONS:
        raise InstallationFlowError(f"unknown step {action!r}")
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise InstallationFlowError(f"{action} is not possible while the installation is {status}")
    return target


MAX_REASON = 2000


def rejection_errors(reason: str) -> dict[str, str]:
    """A rejection says why, so the requester knows what to do next."""
    if not reason.strip():
        return {"reason": "Give the reason for rejecting."}
    if len(reason.strip()) > MAX_REASON:
        return {"reason": f"At most {MAX_REASON} characters."}
    return {}


@dataclass(frozen=True)
class Item:
    tag: str
    type: str
    model: str = ""
    serial: str = ""


def set_errors(kind: str, items: list[Item], replaced_tag: str, outcome: str) -> dict[str, str]:
    """S5: one set of equipment (main device first); a replacement names the old device."""
    errors: dict[str, str] = {}
    if not items:
        errors["items"] = "Record at least the main device of the set."
    elif len(items) > MAX_ITEMS:
        errors["items"] = f"At most {MAX_ITEMS} devices in one set."
    tags = [item.tag for item in items]
    if len(set(tags)) != len(tags):
        errors["items"] = "Each device appears once."
    if any(not item.type for item in items):
        errors["items"] = "Give each device's type."
    if kind == "replace":
        if not replaced_tag:
            errors["replaced_tag"] = "Name the device this set replaces."
        elif replaced_tag in tags:
            errors["replaced_tag"] = "The replaced device cannot be part of the new set."
        if outcome not in OUTCOMES:
            errors["replaced_outcome"] = "Retired or returned to stock."
    return errors


class SignatureError(ValueError):
    """The drawn signature cannot be accepted."""


def decode_signature(data_url: str) -> tuple[bytes, int, int]:
    """A canvas `data:image/png;base64,…` → (PNG bytes, width, height); checked, size-limited."""
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise SignatureError("The signature must be a PNG image.")
    try:
        data = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("The signature image is damaged.") from None
    if len(data) > MAX_SIGNATURE_BYTES:
        raise SignatureError("The signature image is too large.")
    if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        raise SignatureError("The signature must be a PNG image.")
    width, height = struct.unpack(">II", data[16:24])
    if not (50 <= width <= 4000 and 30 <= height <= 4000):
        raise SignatureError("The signature image has an unexpected size.")
    return data, width, height
