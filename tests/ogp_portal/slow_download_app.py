"""A WSGI application that streams its body slower than gunicorn's worker timeout in the test of
gunicorn.conf.py: a stand-in for a large CSV read by a slow client."""

import time

CHUNKS = 16
CHUNK = b"x" * 1024 + b"\n"


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    for _ in range(CHUNKS):
        time.sleep(0.5)
        yield CHUNK
