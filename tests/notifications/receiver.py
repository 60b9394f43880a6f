"""A partner system's webhook receiver for the tests: it verifies each delivery's signature as
docs/api.md tells partners to, and answers with the status the test asks for."""

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def signature_is_valid(secret: str, timestamp: str, body: bytes, header: str, now=None) -> bool:
    """The check docs/api.md shows: recompute, compare in constant time, refuse old ones."""
    if abs((now or time.time()) - int(timestamp)) > 300:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest("sha256=" + expected.hexdigest(), header)


class Receiver:
    def __init__(self, secret: str = "", status: int = 200):
        self.secret = secret
        self.status = status
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append(
                    {
                        "body": json.loads(body),
                        "valid": signature_is_valid(
                            receiver.secret,
                            self.headers["X-OGP-Timestamp"],
                            body,
                            self.headers["X-OGP-Signature"],
                        ),
                        "headers": dict(self.headers),
                    }
                )
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/ogp-hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
