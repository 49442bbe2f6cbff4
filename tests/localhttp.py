"""A real HTTP server on 127.0.0.1 in a thread, standing in for a provider
(the bank's host-to-host endpoint, the SMS gateway): the adapters under test
open real sockets and speak real HTTP to it.

Each request is recorded; answers are taken from a script in order (the last
one repeats), each ``(status, body, headers, delay_seconds)``."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class LocalServer:
    script: list[tuple[int, bytes, dict[str, str], float]] = field(default_factory=list)
    requests: list[Seen] = field(default_factory=list)

    def answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None, delay: float = 0.0):
        self.script.append((status, body, headers or {}, delay))
        return self

    def __enter__(self) -> LocalServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with lock:
                    server.requests.append(
                        Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    index = min(len(server.requests), len(server.script)) - 1
                    status, payload, headers, delay = server.script[index] if server.script else (200, b"", {}, 0)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

            do_GET = do_POST = do_PUT = _handle

            def log_message(self, *args):  # keep the test output clean
                pass

        lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
