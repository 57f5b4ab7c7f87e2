"""Browser tests use the Playwright fixtures of tests/conftest.py."""

from tests.conftest import sign_in  # noqa: F401
