"""A local HTTP server standing in for WeCom, DingTalk and Feishu: it records every request
and answers as each service does; stop()/start() make an outage on the same port."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.mailservers import LOCALHOST, free_port


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: dict


class RecordingServer:
    def __init__(self) -> None:
        self.host = LOCALHOST
        self.port = free_port()
        self.received: list[Received] = []
        self.condition = threading.Condition()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def start(self) -> None:
        if self._server is not None:
            return
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length)
                parts = urlsplit(self.path)
                with recorder.condition:
                    recorder.received.append(
                        Received(
                            parts.path,
                            {k: v[0] for k, v in parse_qs(parts.query).items()},
                            dict(self.headers),
                            json.loads(raw or b"{}"),
                        )
                    )
                    recorder.condition.notify_all()
                answer = (
                    {"code": 0, "msg": "success"}
                    if "/open-apis/" in parts.path
                    else {"errcode": 0, "errmsg": "ok"}
                )
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._server = self._thread = None


@pytest.fixture
def chat_server() -> Iterator[RecordingServer]:
    server = RecordingServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
