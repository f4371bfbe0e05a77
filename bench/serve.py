"""Load bench of ``rashomon serve``: many concurrent clients on loopback reading the incident
list and a ledger; prints p50/p95 latency, requests per second and errors (must be 0).

    python bench/serve.py [--db URL] [--clients 200] [--seconds 30] [--repeat 5] [--api]

Without ``--db`` a store is built from the bundled fictional examples (``examples/``) in a
temporary directory. The server is ``rashomon serve`` in its own process on a free loopback
port. First each page is timed alone (median of ``--repeat`` sequential requests: the
incidents list, the ledger of the largest incident on the first page, one of its articles,
its first claimant), then ``--clients`` clients each loop over the list and the ledger for
``--seconds``. Run by hand; no test times it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
POOL = 10  # clients sharing one httpx connection pool


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _build_store(directory: Path) -> str:
    url = f"sqlite:///{directory / 'news.db'}"
    command = [sys.executable, "-m", "rashomon", "ingest", str(EXAMPLES), "--db", url, "-q"]
    subprocess.run(command, check=True, env=_env())
    return url


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("RASHOMON_")}


def _wait(base: str, process: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise SystemExit(f"rashomon serve exited with {process.returncode}")
        try:
            httpx.get(base + "/api/incidents?per_page=1", timeout=5)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _targets(base: str, api: bool) -> dict[str, str]:
    """The pages to read: the list, the ledger of the largest incident on the first page,
    one of its articles and its first claimant."""
    listed = httpx.get(base + "/api/incidents", timeout=120).json()
    if not listed["incidents"]:
        raise SystemExit("The store holds no incidents.")
    largest = max(listed["incidents"], key=lambda i: len(i["articles"]))
    started = time.perf_counter()
    ledger = httpx.get(f"{base}/api/incidents/{largest['id']}/ledger", timeout=300).json()
    print(
        f"ledger of {largest['id']} ({len(largest['articles'])} articles) built cold in "
        f"{(time.perf_counter() - started) * 1000:.0f} ms (then kept until the incident changes)"
    )
    claimant = next(
        (c["claimant_name"] for s in ledger["slots"] for c in s["claims"]), "Health Ministry"
    )
    if api:
        return {
            "list": "/api/incidents",
            "ledger": f"/api/incidents/{largest['id']}/ledger",
            "article": f"/api/articles/{quote(largest['articles'][0], safe='')}",
            "claimant": f"/api/claimants/{quote(claimant, safe='')}",
        }
    return {
        "list": "/",
        "ledger": f"/incidents/{largest['id']}",
        "article": f"/articles/{quote(largest['articles'][0], safe='')}",
        "claimant": f"/claimants/{quote(claimant, safe='')}",
    }


def _render_times(base: str, targets: dict[str, str], repeat: int) -> None:
    print(f"page render (median of {repeat} sequential requests, server side + loopback):")
    with httpx.Client(base_url=base, timeout=300) as client:
        for name, path in targets.items():
            times = []
            size = 0
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(path)
                times.append(time.perf_counter() - started)
                response.raise_for_status()
                size = len(response.content)
            print(
                f"  {name:9} {statistics.median(times) * 1000:8.1f} ms  "
                f"(max {max(times) * 1000:.1f} ms, {size / 1024:.0f} KiB)  {path}"
            )


async def _load(base: str, paths: list[str], clients: int, seconds: float) -> None:
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    stop = time.monotonic() + seconds
    # one connection per client, in pools of POOL (httpx scans a pool per request: one pool
    # of 200 connections would make the bench measure its own client)
    pools = [
        httpx.AsyncClient(
            base_url=base,
            limits=httpx.Limits(max_connections=POOL, max_keepalive_connections=POOL),
            timeout=120,
        )
        for _ in range(-(-clients // POOL))
    ]

    async def one(number: int) -> None:
        client = pools[number // POOL]
        turn = number
        while time.monotonic() < stop:
            path = paths[turn % len(paths)]
            turn += 1
            started = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code != 200:
                    errors[f"HTTP {response.status_code}"] += 1
                    continue
            except httpx.HTTPError as error:
                errors[type(error).__name__] += 1
                continue
            latencies[path].append(time.perf_counter() - started)

    began = time.perf_counter()
    try:
        await asyncio.gather(*(one(n) for n in range(clients)))
    finally:
        for pool in pools:
            await pool.aclose()
    elapsed = time.perf_counter() - began
    every = [t for times in latencies.values() for t in times]
    print(f"load: {clients} clients for {seconds:.0f} s ({elapsed:.1f} s with the last replies)")
    for path, times in latencies.items():
        print(
            f"  {path}: {len(times)} requests, p50 {_percentile(times, 0.5) * 1000:.0f} ms, "
            f"p95 {_percentile(times, 0.95) * 1000:.0f} ms"
        )
    if every:
        print(
            f"  all: {len(every)} requests, {len(every) / elapsed:.1f} requests/s, "
            f"p50 {_percentile(every, 0.5) * 1000:.0f} ms, "
            f"p95 {_percentile(every, 0.95) * 1000:.0f} ms"
        )
    total_errors = sum(errors.values())
    print(f"  errors: {total_errors}" + (f" {dict(errors)}" if errors else ""))
    if total_errors:
        raise SystemExit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="store URL (default: the examples, built in a temp dir)")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--repeat", type=int, default=5, help="sequential requests per page")
    parser.add_argument("--api", action="store_true", help="read the JSON API, not the pages")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        url = args.db or _build_store(Path(scratch))
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "rashomon", "serve", "--db", url, "--port", str(port)]
        with subprocess.Popen(command, env=_env(), stderr=subprocess.DEVNULL) as process:
            try:
                _wait(base, process)
                targets = _targets(base, args.api)
                _render_times(base, targets, args.repeat)
                paths = [targets["list"], targets["ledger"]]
                asyncio.run(_load(base, paths, args.clients, args.seconds))
            finally:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    main()
