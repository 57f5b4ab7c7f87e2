"""The portal as it runs in production, for tests that need real processes: gunicorn web
servers and `flask worker` processes on the test database, and a person at one of them."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

from tests.conftest import PASSWORD
from tests.mailservers import LOCALHOST, free_port, stop_process, wait_for_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


class Browser:
    """A person at one web process: cookies, the page's CSRF token, English pages."""

    def __init__(self, base: str):
        self.base, self.csrf = base, ""
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()),
            NoRedirect(),
        )

    def open(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = None
        if data is not None:
            body = urllib.parse.urlencode({"csrf_token": self.csrf, **data}).encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Accept-Language": "en", **(headers or {})}
        )
        try:
            response = self.opener.open(request, timeout=120)  # a busy machine
        except urllib.error.HTTPError as error:
            response = error
        text = response.read().decode()
        if found := CSRF.search(text):
            self.csrf = found.group(1)
        return response.status, response.headers, text

    def login(self, email: str, password: str = PASSWORD):
        self.open("/login")
        status, _, _ = self.open("/login", {"email": email, "password": password})
        assert status == 302, f"sign-in of {email} at {self.base}: {status}"
        self.open("/")
        return self


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("wb") as output:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)


def portal_env(database_url: str, tmp_path: Path, **settings: str) -> dict:
    """The environment of every process of one test's portal."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "one-key-for-every-process",
        "JOB_RESULTS_FOLDER": str(tmp_path / "jobs"),
        "WEB_WORKERS": "1",
        "WEB_THREADS": "2",
        "WEB_ACCESS_LOG": str(tmp_path / "access.log"),
        **settings,
    }


def env_with_workers(app, tmp_path: Path, smtp_server, redis_url: str) -> dict:
    """The environment of a portal whose workers share a Redis queue and send to the SMTP sink."""
    return portal_env(
        app.config["SQLALCHEMY_DATABASE_URI"],
        tmp_path,
        WORKER_QUEUE_URL=redis_url,
        SMTP_HOST=LOCALHOST,
        SMTP_PORT=str(smtp_server.port),
    )


def start_web(env: dict, tmp_path: Path, name: str = "web") -> tuple[subprocess.Popen, str]:
    """A gunicorn server of the portal; returns it and its base URL once it answers."""
    port = free_port()
    web_env = {
        **env,
        "WEB_BIND": f"{LOCALHOST}:{port}",
        "WEB_CONTROL_SOCKET": str(tmp_path / f"{name}.ctl"),
    }
    command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"]
    process = start(command, web_env, tmp_path / f"{name}.log")
    alive = lambda: process.poll() is None  # noqa: E731
    if not wait_for_port(LOCALHOST, port, 30, alive):
        stop_process(process)
        raise AssertionError((tmp_path / f"{name}.log").read_text())
    return process, f"http://{LOCALHOST}:{port}"


def start_worker(env: dict, tmp_path: Path, name: str = "worker") -> subprocess.Popen:
    command = [str(BIN / "flask"), "--app", "wsgi", "worker", "--threads", "2"]
    return start(command, env, tmp_path / f"{name}.log")


@contextmanager
def stopped_at_the_end(processes: list[subprocess.Popen], tmp_path: Path) -> Iterator[None]:
    """Stop every process the test started, and print their logs (shown when it fails)."""
    try:
        yield
    finally:
        for process in processes:
            stop_process(process)
        for log in sorted(tmp_path.glob("*.log")):
            print(f"== {log.name}\n{log.read_text()[-4000:]}")


def wait_until(check, timeout: float, logs: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    worker_log = "\n".join(p.read_text()[-3000:] for p in sorted(logs.glob("worker*.log")))
    raise AssertionError(f"the workers did not finish in {timeout} s:\n{worker_log}")
