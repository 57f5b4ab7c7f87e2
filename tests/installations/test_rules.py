"""The pure installation rules: the flow, the installed set, the drawn signature (S4, S5)."""

import base64
import struct
import zlib

import pytest

from app.installations import rules

ITEM = rules.Item("LT-1", "laptop", "T14", "S1")


@pytest.mark.parametrize(
    ("kind", "items", "replaced", "outcome", "fields"),
    [
        ("new", [ITEM], "", "retired", set()),
        ("new", [], "", "retired", {"items"}),
        ("new", [ITEM, ITEM], "", "retired", {"items"}),
        ("new", [rules.Item("LT-2", "")], "", "retired", {"items"}),
        ("replace", [ITEM], "", "retired", {"replaced_tag"}),
        ("replace", [ITEM], "LT-1", "retired", {"replaced_tag"}),
        ("replace", [ITEM], "LT-0", "lost", {"replaced_outcome"}),
        ("replace", [ITEM], "LT-0", "in_stock", set()),
    ],
)
def test_installed_set_rules(kind, items, replaced, outcome, fields):
    assert set(rules.set_errors(kind, items, replaced, outcome)) == fields


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("requested", "approve", "approved"),
        ("approved", "schedule", "scheduled"),
        ("approved", "install", "installed"),
        ("scheduled", "install", "installed"),
        ("installed", "sign_off", "signed_off"),
    ],
)
def test_installation_flow(status, action, after):
    assert rules.next_status(status, action) == after


@pytest.mark.parametrize(
    ("status", "action"),
    [
        ("requested", "install"),
        ("requested", "sign_off"),
        ("approved", "sign_off"),
        ("signed_off", "sign_off"),
    ],
)
def test_installation_flow_refuses_skipping_steps(status, action):
    with pytest.raises(rules.InstallationFlowError):
        rules.next_status(status, action)


def png(width: int, height: int) -> bytes:
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x00\x00\x00\x00" * width for _ in range(height))
    return (
        rules.PNG_MAGIC
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_signature_decodes_a_png_data_url():
    data = png(300, 100)
    decoded, width, height = rules.decode_signature(
        "data:image/png;base64," + base64.b64encode(data).decode()
    )
    assert (decoded, width, height) == (data, 300, 100)


@pytest.mark.parametrize(
    "value",
    [
        "data:image/jpeg;base64,AAAA",
        "data:image/png;base64,not base64!",
        "data:image/png;base64,R0lGODlhAQABAAAAACw=",
        "https://evil.example/x.png",
    ],
)
def test_signature_refuses_other_content(value):
    with pytest.raises(rules.SignatureError):
        rules.decode_signature(value)
