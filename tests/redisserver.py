"""A private Redis for tests (the queue engine's shared storage), on a free port, kept in
memory only; in CI a missing redis-server fails instead of skipping."""

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from tests.mailservers import LOCALHOST, free_port, stop_process, wait_for_port


def redis_binary() -> str:
    if found := shutil.which("redis-server"):
        return found
    if os.environ.get("CI"):  # the install script puts redis-server there: missing is a fault
        pytest.fail("redis-server is not installed (scripts/install.sh installs it)")
    pytest.skip("redis-server is not installed (apt-get install redis-server)")


@pytest.fixture
def redis_url() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [
            redis_binary(),
            "--bind",
            LOCALHOST,
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        if not wait_for_port(LOCALHOST, port, 10, alive=lambda: process.poll() is None):
            pytest.fail("the test Redis did not start")
        yield f"redis://{LOCALHOST}:{port}/0"
    finally:
        stop_process(process)
