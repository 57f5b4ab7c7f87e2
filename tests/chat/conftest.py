"""Fixtures of the group-chat tests: the recording chat server."""

from tests.chatservers import chat_server  # noqa: F401
