"""Audit trail: every change recorded with who, when and what (the page is in accounts)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Nothing to register: services record, `accounts.routes_audit` shows."""
