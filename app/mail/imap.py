"""Fetch incoming mail from an IMAP mailbox and mark it processed."""

# Processed means \Seen: fetch_unseen reads with BODY.PEEK, so fetching alone never marks a
# message, and mark_processed sets \Seen once the caller has stored it. A crash in between
# fetches the message again; the caller absorbs that by de-duplicating on Message-ID.

from __future__ import annotations

import imaplib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress

from imap_tools import AND, BaseMailBox, MailBox, MailBoxUnencrypted, MailMessageFlags


class FetchError(RuntimeError):
    """The IMAP server answered a fetch with something other than OK."""


def fetch_unseen(
    host: str,
    port: int,
    username: str,
    password: str,
    *,
    folder: str = "INBOX",
    ssl: bool = False,
    limit: int = 50,
    timeout: float = 30,
) -> list[tuple[str, bytes]]:
    """Return (uid, raw bytes) of up to `limit` unseen messages, oldest first, still unseen."""
    with _session(host, port, username, password, folder=folder, ssl=ssl, timeout=timeout) as box:
        uids = sorted(box.uids(AND(seen=False)), key=int)[:limit]
        return [(uid, _fetch_raw(box, uid)) for uid in uids]


def mark_processed(
    host: str,
    port: int,
    username: str,
    password: str,
    uids: Iterable[str],
    *,
    folder: str = "INBOX",
    ssl: bool = False,
    timeout: float = 30,
) -> None:
    """Set \\Seen on the given messages so the next fetch_unseen skips them."""
    uid_list = [str(uid) for uid in uids]
    if not uid_list:
        return
    with _session(host, port, username, password, folder=folder, ssl=ssl, timeout=timeout) as box:
        box.flag(uid_list, MailMessageFlags.SEEN, True)


@contextmanager
def _session(
    host: str,
    port: int,
    username: str,
    password: str,
    *,
    folder: str,
    ssl: bool,
    timeout: float,
) -> Iterator[BaseMailBox]:
    box = MailBox(host, port, timeout=timeout) if ssl else MailBoxUnencrypted(host, port, timeout)
    try:
        box.login(username, password, initial_folder=folder)
        yield box
    finally:
        _close(box)


def _close(box: BaseMailBox) -> None:
    # Close quietly: a failure here must not hide the error that ended the session.
    try:
        box.client.logout()
    except (imaplib.IMAP4.error, OSError):
        with suppress(OSError):
            box.client.shutdown()


def _fetch_raw(box: BaseMailBox, uid: str) -> bytes:
    status, data = box.client.uid("FETCH", uid, "(BODY.PEEK[])")
    if status != "OK":
        raise FetchError(f"UID FETCH {uid} answered {status}: {data!r}")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    raise FetchError(f"UID FETCH {uid} returned no message body")
