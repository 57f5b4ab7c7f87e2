"""The quick start serves with gunicorn (workers and threads from the CPU count, settings
from the environment, access log to instance/), with the worker beside it."""

import os
import runpy
import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.mailservers import LOCALHOST, free_port, stop_process, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def settings(**env) -> dict:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def commands(script: str) -> list[list[str]]:
    lines = (ROOT / "scripts" / script).read_text().splitlines()
    return [shlex.split(line) for line in lines if line.strip() and not line.startswith("#")]


def test_start_script_serves_with_gunicorn_and_runs_the_worker():
    run = commands("start.sh")
    server = run[-1]
    assert server == [".venv/bin/gunicorn", "-c", "gunicorn.conf.py"]
    assert not any("run" in command and "flask" in command[0] for command in run)
    assert [".venv/bin/flask", "worker", ">", "instance/worker.log", "2>&1", "&"] in run


def test_settings_follow_the_cpu_count_and_the_environment(monkeypatch):
    cpus = os.cpu_count() or 1
    default = settings()
    assert default["workers"] == max(2, cpus) and default["threads"] == 2 * cpus
    assert default["worker_class"] == "gthread" and default["bind"] == ["127.0.0.1:5000"]
    assert default["accesslog"] == str(ROOT / "instance" / "access.log")
    chosen = settings(WEB_WORKERS="5", WEB_THREADS="3", WEB_BIND="0.0.0.0:8000", WEB_TIMEOUT="60")
    assert (chosen["workers"], chosen["threads"], chosen["timeout"]) == (5, 3, 60)
    assert chosen["bind"] == ["0.0.0.0:8000"]


def test_gunicorn_with_the_config_serves_the_portal(app, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "quick-start",
        "WORKER_QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite'}",
        "WEB_BIND": f"{LOCALHOST}:{port}",
        "WEB_WORKERS": "2",
        "WEB_THREADS": "2",
        "WEB_ACCESS_LOG": str(tmp_path / "access.log"),
        "WEB_CONTROL_SOCKET": str(tmp_path / "web.ctl"),
    }
    with (tmp_path / "web.log").open("wb") as log:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_for_port(LOCALHOST, port, 60, lambda: server.poll() is None)
        with urllib.request.urlopen(f"http://{LOCALHOST}:{port}/login", timeout=120) as page:
            assert page.status == 200
            assert "gunicorn" in page.headers.get("Server", "")
    finally:
        stop_process(server)
    output = (tmp_path / "web.log").read_text()
    assert "Using worker: gthread" in output and output.count("Booting worker") == 2
    assert '"GET /login HTTP/1.1" 200' in (tmp_path / "access.log").read_text()
