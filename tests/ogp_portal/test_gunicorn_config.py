"""gunicorn.conf.py, run by a real gunicorn: the production web server's settings."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.ogp_portal.slow_download_app import CHUNK, CHUNKS

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_download_streaming_past_the_worker_timeout_arrives_whole():
    port = free_port()
    # A 2 s timeout against an 8 s body: a sync worker is killed half-way (a 200 cut short).
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--timeout",
            "2",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "tests.ogp_portal.slow_download_app:application",
        ],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            body = response.read()
    finally:
        server.terminate()
        log = server.communicate(timeout=10)[0].decode()

    assert body == CHUNK * CHUNKS, log
    assert "WORKER TIMEOUT" not in log
