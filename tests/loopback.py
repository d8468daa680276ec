"""A scripted HTTP server on 127.0.0.1 for tests that need a real socket (slow headers, odd bytes)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# A reply is a list of (bytes to send, seconds to wait before sending them).
Reply = list[tuple[bytes, float]]


def page(body: bytes, content_type: str = "text/html; charset=utf-8") -> Reply:
    """A whole, prompt 200 response."""
    head = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    head += "Connection: close\r\n\r\n"
    return [(head.encode("latin-1") + body, 0.0)]


def trickled_headers(lines: int, every: float) -> Reply:
    """A 200 whose header lines come one every `every` seconds: no read ever waits long."""
    reply: Reply = [(b"HTTP/1.1 200 OK\r\n", 0.0)]
    reply += [(f"X-Slow-{n}: {n}\r\n".encode(), every) for n in range(lines)]
    reply.append((b"Content-Length: 2\r\nConnection: close\r\n\r\nok", every))
    return reply


@contextmanager
def serve(route: Callable[[str], Reply]) -> Iterator[str]:
    """Serve `route(path)` to each request on a fresh loopback port; yield the base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()
    handlers: list[threading.Thread] = []

    def answer(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                request = conn.recv(65536).decode("latin-1")
                path = request.split(" ", 2)[1] if " " in request else "/"
                for data, wait in route(path):
                    if stop.wait(wait):
                        return
                    conn.sendall(data)
            except OSError:
                return  # the client gave up: that is what several tests expect

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            handler = threading.Thread(target=answer, args=(conn,), daemon=True)
            handlers.append(handler)
            handler.start()

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        acceptor.join(5)
        listener.close()
        for handler in handlers:
            handler.join(5)


def elapsed(fn: Callable[[], object]) -> tuple[object, float]:
    """Run `fn`; return what it returned (or raised) and the seconds it took."""
    start = time.monotonic()
    try:
        result: object = fn()
    except Exception as error:  # noqa: BLE001 - the caller inspects it
        result = error
    return result, time.monotonic() - start
