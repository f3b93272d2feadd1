"""The faults bench's own servers (bench/faults.py): an OpenAI-compatible LLM that can be
made to hang, and a webhook receiver that refuses one request in five."""

import contextlib
import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Server:
    """A ThreadingHTTPServer on loopback with ``handle(handler, body)`` for each POST."""

    def __init__(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.handle(self, body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @staticmethod
    def answer(handler, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        with contextlib.suppress(OSError):  # the client gave up
            handler.wfile.write(data)


class LLM(Server):
    """Answers a grounded, schema-valid verdict at once; hangs while ``hang_until``."""

    hang_until = 0.0

    def handle(self, handler, body):
        if time.monotonic() < self.hang_until:
            time.sleep(self.hang_until - time.monotonic() + 1)
            return  # accepted, never answered: the connection closes with nothing
        verdict = {
            "risk_score": 70,
            "summary": "A person was seen by the camera.",
            "reasoning": "A person was seen.",
            "factors": ["person seen"],
        }
        reply = {"choices": [{"message": {"role": "assistant", "content": json.dumps(verdict)}}]}
        self.answer(handler, 200, reply)


class Receiver(Server):
    """A webhook receiver that refuses one request in five (seeded); keeps what it took."""

    def __init__(self):
        super().__init__()
        self.random = random.Random(7)
        self.lock = threading.Lock()
        self.taken: list[tuple[str, str, str]] = []  # (delivery key, alert, revision)
        self.refused = 0

    def handle(self, handler, body):
        with self.lock:
            refuse = self.random.random() < 0.2
            if refuse:
                self.refused += 1
            else:
                headers = handler.headers
                self.taken.append(
                    (
                        headers.get("X-Homesec-Delivery", ""),
                        headers.get("X-Homesec-Alert", ""),
                        headers.get("X-Homesec-Alert-Revision", ""),
                    )
                )
        self.answer(handler, 500 if refuse else 200, {"ok": not refuse})
