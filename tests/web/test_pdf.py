"""The one PDF renderer reads our static files and data: URIs, and nothing else."""

import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from flask import Flask

from app.web import pdf

A5 = b"@page { size: A5 }"
A5_WIDTH, A4_WIDTH = 420, 595  # points


@pytest.fixture
def site(tmp_path):
    """A bare app whose static folder holds an A5 stylesheet; a secret lies next to it."""
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "print.css").write_bytes(A5)
    (tmp_path / "secret.css").write_bytes(A5)
    app = Flask(__name__, static_folder=str(tmp_path / "static"))
    app.config["PUBLIC_BASE_URL"] = "https://desk.example.test"
    with app.app_context():
        yield tmp_path


@pytest.fixture
def outside_host():
    """A host serving the A5 stylesheet, counting who asks for it."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(A5)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/print.css", hits
    server.shutdown()
    server.server_close()


def page_width(data: bytes) -> int:
    """The first page's width in points, as pdfinfo reads it ("Page size: 419.528 x …")."""
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    line = next(line for line in info.stdout.decode().splitlines() if "Page size" in line)
    return round(float(line.split(":")[1].split("x")[0]))


def with_stylesheet(href: str) -> str:
    return f'<html><head><link rel="stylesheet" href="{href}"></head><body>Sheet</body></html>'


def test_our_static_stylesheet_is_used(site):
    assert page_width(pdf.html_to_pdf(with_stylesheet("/static/print.css"))) == A5_WIDTH


def test_a_file_url_is_refused(site):
    url = (site / "secret.css").as_uri()
    assert page_width(pdf.html_to_pdf(with_stylesheet(url))) == A4_WIDTH
    with pytest.raises(ValueError):
        pdf.static_fetcher()(url)


def test_an_outside_host_is_refused_without_being_asked(site, outside_host):
    url, hits = outside_host
    assert page_width(pdf.html_to_pdf(with_stylesheet(url))) == A4_WIDTH
    assert hits == []
    with pytest.raises(ValueError):
        pdf.static_fetcher()(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://desk.example.test/secret.css",
        "https://desk.example.test/static/%2e%2e/secret.css",
        "https://desk.example.test.evil.test/static/print.css",
        "ftp://desk.example.test/static/print.css",
    ],
)
def test_nothing_beside_the_static_folder_is_read(site, url):
    with pytest.raises(ValueError):
        pdf.static_fetcher()(url)


def test_data_uris_are_read(site):
    fetcher = pdf.static_fetcher()
    assert fetcher("data:text/plain;base64,aGk=").read() == b"hi"
    assert fetcher("https://desk.example.test/static/print.css").read() == A5
