"""Fixtures of the account tests: a private slapd."""

from tests.ldapserver import ldap_server  # noqa: F401
