"""Local HTTP servers on 127.0.0.1 for crawler tests, well-behaved or hostile.

    from tests.sources import hostile

    with hostile.serve({"/feed": hostile.ok(b"<rss/>", content_type="application/rss+xml"),
                        "/slow": hostile.drip(b"x" * 100, interval=1.0),
                        "/loop": hostile.redirect("/loop")}) as server:
        fetcher.fetch(server.url("/feed"))
        assert server.paths() == ["/feed"]

Each route is a small object made by one of the functions below; ``dynamic(fn)`` picks a route per
request (for conditional GET). Unknown paths get a 404. Every response closes its connection, so
``server.connections`` counts requests that reached the socket, ``server.requests`` records them
(arrival time, method, path, lower-cased headers), ``server.sent[path]`` counts body bytes the
server managed to send and ``server.max_in_flight`` the most requests it handled at once.
The server binds to 127.0.0.1 only, on a free port.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Request:
    time: float  # time.monotonic() at arrival
    method: str
    path: str
    headers: dict[str, str]


class _Stop(Exception):
    """The client went away or the server is shutting down."""


class _Conn:
    """The socket of one request, with the server's bookkeeping."""

    def __init__(self, server: Server, sock: socket.socket, path: str) -> None:
        self.server = server
        self.sock = sock
        self.path = path

    def send(self, data: bytes, *, body: bool = True) -> None:
        if self.server.stopping.is_set():
            raise _Stop
        try:
            self.sock.sendall(data)
        except OSError:
            raise _Stop from None
        if body:
            self.server.count_sent(self.path, len(data))

    def head(self, status: int, headers: dict[str, str]) -> None:
        lines = [f"HTTP/1.1 {status} X"] + [f"{k}: {v}" for k, v in headers.items()] + ["Connection: close"]
        self.send(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"), body=False)

    def pause(self, seconds: float) -> None:
        if self.server.stopping.wait(seconds):
            raise _Stop


Route = Callable[[_Conn, Request], None]


def ok(
    body: bytes | str = b"",
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    content_type: str = "text/html; charset=utf-8",
    delay: float = 0.0,
) -> Route:
    """A normal response (any status and headers), after an optional delay."""
    data = body.encode("utf-8") if isinstance(body, str) else body

    def route(conn: _Conn, request: Request) -> None:
        conn.pause(delay)
        conn.head(status, {"Content-Type": content_type, "Content-Length": str(len(data)), **(headers or {})})
        conn.send(data)

    return route


def drip(body: bytes = b"x" * 1000, *, interval: float = 1.0, content_type: str = "text/html") -> Route:
    """Headers at once, then the body one byte every ``interval`` seconds (each read succeeds)."""

    def route(conn: _Conn, request: Request) -> None:
        conn.head(200, {"Content-Type": content_type, "Content-Length": str(len(body))})
        for i in range(len(body)):
            conn.send(body[i : i + 1])
            conn.pause(interval)

    return route


def silence(seconds: float = 30.0) -> Route:
    """Read the request, then send nothing at all for ``seconds``."""

    def route(conn: _Conn, request: Request) -> None:
        conn.pause(seconds)

    return route


def endless(*, content_type: str = "application/rss+xml") -> Route:
    """A chunked body that never ends, sent as fast as the client reads."""
    piece = b"<item>" + b"x" * (_CHUNK - 20) + b"</item>"
    chunk = f"{len(piece):x}\r\n".encode() + piece + b"\r\n"

    def route(conn: _Conn, request: Request) -> None:
        conn.head(200, {"Content-Type": content_type, "Transfer-Encoding": "chunked"})
        while True:
            conn.send(chunk)

    return route


def huge(size: int = 50 * 1024 * 1024, *, content_length: bool = True) -> Route:
    """``size`` bytes of body; with content_length=False the length is not announced (the body ends
    when the connection closes), so the client has to count."""

    def route(conn: _Conn, request: Request) -> None:
        headers = {"Content-Type": "text/html"}
        if content_length:
            headers["Content-Length"] = str(size)
        conn.head(200, headers)
        block = b"x" * _CHUNK
        left = size
        while left > 0:
            conn.send(block[: min(left, _CHUNK)])
            left -= _CHUNK

    return route


@functools.lru_cache(maxsize=4)
def bomb_bytes(size: int) -> bytes:
    """gzip data that inflates to ``size`` zero bytes (about 1000:1)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(1024 * 1024)
    parts = []
    for start in range(0, size, len(zeros)):
        parts.append(packer.compress(zeros[: min(len(zeros), size - start)]))
    parts.append(packer.flush())
    return b"".join(parts)


def gzip_bomb(size: int = 1024 * 1024 * 1024) -> Route:
    """A small gzip body (Content-Encoding: gzip) that inflates to ``size`` bytes."""

    def route(conn: _Conn, request: Request) -> None:
        data = bomb_bytes(size)
        conn.head(
            200,
            {
                "Content-Type": "application/rss+xml",
                "Content-Encoding": "gzip",
                "Content-Length": str(len(data)),
            },
        )
        conn.send(data)

    return route


def gzipped(body: bytes | str, *, content_type: str = "application/rss+xml") -> Route:
    """A normal body sent with Content-Encoding: gzip."""
    data = gzip.compress(body.encode("utf-8") if isinstance(body, str) else body)
    return ok(data, content_type=content_type, headers={"Content-Encoding": "gzip"})


def redirect(location: str, *, status: int = 302) -> Route:
    """A redirect to ``location`` (absolute, or relative to this server)."""
    return ok(b"", status=status, headers={"Location": location})


def reset(prefix: bytes = b"<rss><channel>" + b"x" * 4096, *, content_length: int = 100_000) -> Route:
    """Announce content_length bytes, send ``prefix``, then abort the connection with a TCP reset."""

    def route(conn: _Conn, request: Request) -> None:
        conn.head(200, {"Content-Type": "application/rss+xml", "Content-Length": str(content_length)})
        conn.send(prefix)
        conn.pause(0.05)
        # SO_LINGER with a zero timeout makes close() send RST instead of FIN.
        conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.sock.close()

    return route


def dynamic(choose: Callable[[Request], Route]) -> Route:
    """A route that decides per request, e.g. 304 when If-None-Match matches."""

    def route(conn: _Conn, request: Request) -> None:
        choose(request)(conn, request)

    return route


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        state = self.server.state
        state.count_connection()
        sock: socket.socket = self.request
        sock.settimeout(10)
        try:
            request = _read_request(sock)
        except (OSError, ValueError):
            return
        if request is None:
            return
        state.begin(request)
        try:
            route = state.routes.get(request.path.split("?", 1)[0], ok(b"not found", status=404))
            route(_Conn(state, sock, request.path), request)
        except _Stop:
            pass
        finally:
            state.end()


def _read_request(sock: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(4096)
        if not piece:
            return None
        data += piece
        if len(data) > 65536:
            raise ValueError("request head too large")
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    request_line, *header_lines = head.split("\r\n")
    method, target, _ = request_line.split(" ", 2)
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Request(time=time.monotonic(), method=method, path=target, headers=headers)


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    state: Server


@dataclass
class Server:
    """A running test server; see the module docstring."""

    routes: dict[str, Route]
    base_url: str = ""
    connections: int = 0
    requests: list[Request] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)
    in_flight: int = 0
    max_in_flight: int = 0
    stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def paths(self) -> list[str]:
        with self._lock:
            return [r.path for r in self.requests]

    def count_connection(self) -> None:
        with self._lock:
            self.connections += 1

    def count_sent(self, path: str, n: int) -> None:
        with self._lock:
            self.sent[path] = self.sent.get(path, 0) + n

    def begin(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def end(self) -> None:
        with self._lock:
            self.in_flight -= 1


@contextlib.contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    """Run a threaded HTTP server on 127.0.0.1 with these routes (path → route) for the block."""
    tcp = _TCPServer(("127.0.0.1", 0), _Handler)
    state = Server(routes=dict(routes), base_url=f"http://127.0.0.1:{tcp.server_address[1]}")
    tcp.state = state
    thread = threading.Thread(target=tcp.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopping.set()
        tcp.shutdown()
        tcp.server_close()
        thread.join(timeout=5)


def fast_fetcher(**overrides):
    """A Fetcher for tests: loopback allowed, no host delay, limits small enough to keep tests fast."""
    from kabar.sources.fetching import USER_AGENT, Fetcher

    options = {
        "user_agent": USER_AGENT,
        "allow_private": True,
        "min_host_delay": 0.0,
        "connect_timeout": 2.0,
        "read_timeout": 2.0,
        "total_timeout": 3.0,
        "max_bytes": 256 * 1024,
        **overrides,
    }
    return Fetcher(**options)
