"""A real local HTTP server playing an OpenAI-compatible LLM that misbehaves on cue."""

import base64
import contextlib
import io
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from PIL import Image

# Grounded in any batch of one person (tests/factories.py closed_batch): nothing invented.
GOOD = {
    "risk_score": 82,
    "summary": "A person was seen by the camera.",
    "reasoning": "One person was seen; the score follows the rules.",
    "factors": ["a person seen", "unusual for this camera"],
}


def decoded_images(body: dict) -> list[tuple[str, tuple[int, int]]]:
    """Each ``image_url`` part of the request's messages, decoded with Pillow as a vision
    server would: (format, size). An image that does not decode fails the request."""
    found = []
    for message in body.get("messages", []):
        parts = message["content"] if isinstance(message["content"], list) else []
        for part in (p for p in parts if p["type"] == "image_url"):
            header, data = part["image_url"]["url"].split(",", 1)
            assert header == "data:image/jpeg;base64", header
            with Image.open(io.BytesIO(base64.b64decode(data))) as image:
                image.load()
                found.append((image.format, image.size))
    return found


def chat(content) -> dict:
    return {"choices": [{"message": {"role": "assistant", "content": content}}]}


class ScriptedLLMServer:
    """A real HTTP server on loopback; each request takes the next scripted behaviour."""

    def __init__(self):
        self.script: deque = deque()
        self.requests: list[dict] = []
        self.images: list[list[tuple[str, tuple[int, int]]]] = []  # per request: format, size
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                server.requests.append(json.loads(self.rfile.read(length)))
                server.images.append(decoded_images(server.requests[-1]))
                status, body, delay = (
                    server.script.popleft() if server.script else (200, chat(json.dumps(GOOD)), 0)
                )
                time.sleep(delay)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):  # the client's timeout hung up
                    self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def then(self, status=200, body=None, delay=0.0):
        self.script.append((status, body if body is not None else chat(json.dumps(GOOD)), delay))
        return self
