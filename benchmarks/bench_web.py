"""Load test of `rashomon serve`: requests/s and p50/p99 latency for the story list and a cached story page,
with 1 and 4 uvicorn workers, on a small store of the annotated stories in ../shared/eval/stories (read in
place, never copied; the BASIL triplets and ECB+ incidents there).

The server runs as `rashomon serve --rate 0 --no-access-log` on 127.0.0.1 (the per-client limit would
otherwise measure 429s: every request comes from one address); the load comes from threads of keep-alive
connections in this process, on the same machine, so client and server share its cores. Each run is bounded
by a request count and a time limit, whichever comes first. Figures only: nothing is asserted.

    .venv-dev/bin/python benchmarks/bench_web.py [--requests 2000] [--seconds 20] [--connections 8] [--workers 1 4]
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from rashomon.corpus.ingest import ingest
from rashomon.corpus.stories import compare_story, regroup
from rashomon.store.sqlite import Store

STORIES = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "stories"


def build(path: Path) -> tuple[str, int]:
    """Ingest the annotated stories into a store at `path`; compare the largest story; return its id and count."""
    folders = sorted(p for p in STORIES.iterdir() if p.is_dir())
    with Store.open(path) as store:
        counts = ingest([str(p) for p in folders], store)
        regroup(store)
        story_id = max(store.story_members().items(), key=lambda item: (len(item[1]), item[0]))[0]
        compare_story(store, story_id)
        print(
            f"store: {counts.stored} articles, {store.count('stories')} stories; cached story {story_id}"
            f" ({len(store.story_members()[story_id])} articles)",
            flush=True,
        )
        return story_id, counts.stored


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(conn: http.client.HTTPConnection, path: str) -> int:
    """GET `path` on a kept-alive connection, reading the whole body; return the status."""
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status


def start(db: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """Start `rashomon serve` with `workers` workers; return the process and its port once it answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RASHOMON_TOKEN")}
    command = [
        sys.executable,
        "-m",
        "rashomon",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--rate",
        "0",
        "--no-access-log",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            if get(conn, "/api/health") == 200:
                conn.close()
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def load(port: int, path: str, *, requests: int, seconds: float, connections: int) -> dict[str, float]:
    """Send up to `requests` GETs of `path` over `connections` threads for at most `seconds`; return figures."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    issued = iter(range(requests))
    stop = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop:
            with lock:
                if next(issued, None) is None:
                    break
            began = time.perf_counter()
            status = get(conn, path)
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                errors += status != 200
        conn.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": errors,
        "rps": len(ordered) / wall,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
    }


def main() -> None:
    """Print one line per (workers, page): requests, requests/s, p50 and p99 latency."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="most requests per run")
    parser.add_argument("--seconds", type=float, default=20.0, help="most seconds per run")
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    if not STORIES.is_dir():
        raise SystemExit(f"{STORIES}: not found; the benchmark reads the annotated stories in place")
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        story_id, _ = build(db)
        pages = {
            "story list (/)": "/",
            "cached story page": f"/stories/{story_id}",
            "story list JSON": "/api/stories",
            "cached story JSON": f"/api/stories/{story_id}",
        }
        print(
            f"{os.cpu_count()} CPUs; {args.connections} connections; at most {args.requests} requests or"
            f" {args.seconds:g} s per run",
            flush=True,
        )
        print(f"{'workers':>7}  {'page':<20} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for workers in args.workers:
            server, port = start(db, workers)
            try:
                for name, path in pages.items():
                    load(port, path, requests=50, seconds=5, connections=args.connections)  # warm every worker
                    f = load(port, path, requests=args.requests, seconds=args.seconds, connections=args.connections)
                    print(
                        f"{workers:>7}  {name:<20} {f['requests']:>8.0f} {f['errors']:>6.0f} {f['rps']:>8.1f}"
                        f" {f['p50_ms']:>8.1f} {f['p99_ms']:>8.1f}",
                        flush=True,
                    )
            finally:
                server.terminate()
                server.wait(timeout=30)


if __name__ == "__main__":
    main()
