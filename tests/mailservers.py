"""Real mail servers for tests: an in-process aiosmtpd SMTP sink and a private Dovecot IMAP."""

# Register with pytest_plugins = ["tests.mailservers"] in the root conftest, or import the
# fixtures into a test module. Both servers listen on 127.0.0.1 on a free port.

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from imap_tools import MailBoxUnencrypted

DOVECOT_CANDIDATES = ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")
IMAP_USER = "desk@example.test"
IMAP_PASSWORD = "secret"
LOCALHOST = "127.0.0.1"


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCALHOST, 0))
        return sock.getsockname()[1]


def stop_process(process: subprocess.Popen | None) -> None:
    """Terminate a test server's process, killing it if it will not go; None to keep."""
    if process is None:
        return None
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
    return None


def wait_for_port(
    host: str, port: int, timeout: float, alive: Callable[[], bool] = lambda: True
) -> bool:
    """Poll until host:port accepts a TCP connection; False on timeout or when not alive."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class _Recorder:
    """aiosmtpd handler keeping every received message as (mail_from, rcpt_tos, raw bytes)."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.condition = threading.Condition()

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        """Store the message exactly as received."""
        raw = envelope.original_content or envelope.content or b""
        with self.condition:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(raw)))
            self.condition.notify_all()
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP sink that can be stopped and started again on the same port."""

    def __init__(self, host: str = LOCALHOST, port: int | None = None) -> None:
        self.host = host
        self.port = port or free_port()
        self._recorder = _Recorder()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[tuple[str, list[str], bytes]]:
        """Messages received so far, as (mail_from, rcpt_tos, raw bytes)."""
        return self._recorder.messages

    @property
    def running(self) -> bool:
        """Whether the server is accepting connections."""
        return self._controller is not None

    def start(self) -> None:
        """Listen on the same host and port again (a stopped Controller cannot restart)."""
        if self._controller is not None:
            return
        controller = Controller(
            self._recorder, hostname=self.host, port=self.port, server_hostname="smtp.test"
        )
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        """Stop listening, as in an outage; received messages are kept."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def clear(self) -> None:
        """Forget received messages."""
        with self._recorder.condition:
            self._recorder.messages.clear()

    def wait_for(self, count: int, timeout: float = 5) -> list[tuple[str, list[str], bytes]]:
        """Block until at least `count` messages arrived; AssertionError on timeout."""
        with self._recorder.condition:
            arrived = self._recorder.condition.wait_for(
                lambda: len(self._recorder.messages) >= count, timeout
            )
            if not arrived:
                raise AssertionError(
                    f"expected {count} messages within {timeout}s, got {len(self.messages)}"
                )
            return list(self._recorder.messages)


class ImapServer:
    """A private Dovecot serving one Maildir user over plain IMAP on 127.0.0.1."""

    def __init__(self) -> None:
        self.host = LOCALHOST
        self.port = free_port()
        self.user = IMAP_USER
        self.password = IMAP_PASSWORD
        self.binary = dovecot_binary()
        self.version = dovecot_version(self.binary)
        # Not pytest's tmp_path: it is private to root (the auth process, running as the
        # dovecot user, must read the passwd file) and long (UNIX socket paths max ~107 bytes).
        self.root = Path(tempfile.mkdtemp(prefix="deskpact-dovecot-", dir=_short_tmp()))
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> str:
        """Dovecot's log and stderr so far, for failure messages."""
        parts = []
        for name in ("dovecot.log", "stderr.log"):
            path = self.root / name
            if path.exists():
                parts.append(path.read_text(errors="replace"))
        return "\n".join(parts)

    def start(self) -> None:
        """Write the config, start dovecot in the foreground and wait for the port."""
        self.root.chmod(0o755)
        config = self.root / "dovecot.conf"
        config.write_text(self._config())
        stderr = (self.root / "stderr.log").open("wb")
        try:
            self._process = subprocess.Popen(
                [self.binary, "-F", "-c", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
            )
        finally:
            stderr.close()
        process = self._process
        if not wait_for_port(self.host, self.port, 15, alive=lambda: process.poll() is None):
            self.stop()
            raise RuntimeError(f"dovecot {self.version} did not start:\n{self.log}")

    def stop(self) -> None:
        """Terminate dovecot and its children."""
        self._process = stop_process(self._process)

    def cleanup(self) -> None:
        """Stop and delete the server's directory."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def deliver(self, raw: bytes) -> None:
        """Append one message to the user's INBOX, unseen."""
        with MailBoxUnencrypted(self.host, self.port, timeout=10).login(
            self.user, self.password
        ) as box:
            box.append(raw, "INBOX")

    def _config(self) -> str:
        internal_user, login_user, mail_uid, mail_gid, rootless = _process_users()
        home = self.root / "home" / "desk"
        home.mkdir(parents=True)
        os.chown(home.parent, mail_uid, mail_gid)
        os.chown(home, mail_uid, mail_gid)
        passwd = self.root / "passwd"
        passwd.write_text(f"{self.user}:{{PLAIN}}{self.password}:{mail_uid}:{mail_gid}::{home}::\n")
        passwd.chmod(0o644)
        values = {
            "root": self.root,
            "port": self.port,
            "passwd": passwd,
            "internal_user": internal_user,
            "login_user": login_user,
            "rootless": _ROOTLESS.format(group=grp.getgrgid(mail_gid).gr_name) if rootless else "",
        }
        template = _CONFIG_24 if self.version >= (2, 4) else _CONFIG_23
        return template.format(**values)


def dovecot_binary() -> str:
    """Return the dovecot executable, or skip the test when Dovecot is not installed."""
    for candidate in (shutil.which("dovecot"), *DOVECOT_CANDIDATES):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")


def dovecot_version(binary: str) -> tuple[int, int]:
    """Return Dovecot's (major, minor) version."""
    output = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, check=True, timeout=10
    ).stdout
    match = re.match(r"\s*(\d+)\.(\d+)", output)
    if match is None:
        raise RuntimeError(f"cannot read dovecot version from {output!r}")
    return int(match.group(1)), int(match.group(2))


def _process_users() -> tuple[str, str, int, int, bool]:
    """Pick (internal user, login user, mail uid, mail gid, rootless) for this machine."""
    if os.geteuid() != 0:
        name = pwd.getpwuid(os.geteuid()).pw_name
        return name, name, os.geteuid(), os.getegid(), True
    # Dovecot refuses to serve mail as root, and login processes must not run as root.
    nobody = _user("nobody")
    internal = _user("dovecot") or nobody
    login = _user("dovenull") or nobody
    if nobody is None or internal is None or login is None:
        raise RuntimeError("running as root needs the users dovecot/dovenull or nobody")
    return internal.pw_name, login.pw_name, nobody.pw_uid, nobody.pw_gid, False


def _user(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def _short_tmp() -> str | None:
    return "/tmp" if os.path.isdir("/tmp") else None


# Without root, dovecot can neither chroot nor hand sockets to the dovecot group.
_ROOTLESS = """
default_internal_group = {group}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""

_CONFIG_23 = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
}}
passdb {{
  driver = passwd-file
  args = {passwd}
}}
userdb {{
  driver = passwd-file
  args = {passwd}
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
{rootless}"""

_CONFIG_24 = """\
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
auth_allow_cleartext = yes
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = 1
first_valid_gid = 1
mail_driver = maildir
mail_path = ~/Maildir
namespace inbox {{
  inbox = yes
}}
passdb passwd-file {{
  passwd_file_path = {passwd}
}}
userdb passwd-file {{
  passwd_file_path = {passwd}
}}
service imap-login {{
  inet_listener imap {{
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
{rootless}"""


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A running SMTP sink on 127.0.0.1; stop()/start() simulate an outage on the same port."""
    server = SmtpServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap_server() -> Iterator[ImapServer]:
    """A private Dovecot with one user (IMAP_USER / IMAP_PASSWORD) and an empty INBOX."""
    server = ImapServer()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()
