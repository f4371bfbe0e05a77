"""A throwaway PostgreSQL server on loopback, owned by the test run.

``start_postgres()`` runs ``initdb`` into a fresh temporary directory, starts the server on a
free port bound to 127.0.0.1 (socket in that directory, trust auth, no fsync) and returns a
``PostgresServer``; ``stop()`` stops it and removes the directory. As root, the server
commands run as the ``postgres`` user (initdb refuses root). A plain module, not a
conftest.py. The session fixture that owns the server (``pg_server``) is in the root
conftest; ``database_url`` in ``support.py``.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

PG_SUPERUSER = "postgres"
START_ATTEMPTS = 3  # a free port can be taken between choosing and binding it
SERVER_OPTIONS = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server binaries (initdb, pg_ctl) are not installed."""


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/*/bin`` with initdb, or the one on PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    on_path = shutil.which("initdb")
    return None if on_path is None else Path(on_path).parent


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class PostgresServer:
    bindir: Path
    root: Path
    port: int
    as_postgres: bool  # run server commands through runuser (we are root)
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{PG_SUPERUSER}@127.0.0.1:{self.port}/{dbname}"

    def create_database(self) -> str:
        """A new, empty database; returns its SQLAlchemy URL."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(
            host="127.0.0.1", port=self.port, user=PG_SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # name is ours: test_<n>
        return self.url(name)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", PG_SUPERUSER, "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60)

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Stop the server (if it runs) and remove its directory."""
        try:
            if (self.data / "postmaster.pid").exists():
                self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_postgres(settings: str = SERVER_OPTIONS) -> PostgresServer:
    """initdb + pg_ctl start on a free loopback port, with ``settings`` (``-c`` options;
    the tests' default gives up durability for speed, a benchmark passes ""). Raises
    PostgresUnavailable when the binaries are missing, CalledProcessError (with the server
    log) when start fails."""
    bindir = find_bindir()
    if bindir is None or not (bindir / "pg_ctl").exists():
        raise PostgresUnavailable(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb). "
            "Install them: apt-get install -y --no-install-recommends postgresql"
        )
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="rashomon-pg-"))
    if as_postgres:
        shutil.chown(root, PG_SUPERUSER, PG_SUPERUSER)
    server = PostgresServer(bindir, root, 0, as_postgres)
    try:
        server.run(
            "initdb",
            "-D",
            str(server.data),
            "-A",
            "trust",
            "-U",
            PG_SUPERUSER,
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        for attempt in range(1, START_ATTEMPTS + 1):
            server.port = _free_port()
            options = f"-p {server.port} -c listen_addresses=127.0.0.1 -k {root} {settings}"
            try:
                server.run(
                    "pg_ctl",
                    "-D",
                    str(server.data),
                    "-l",
                    str(root / "server.log"),
                    "-o",
                    options,
                    "-w",
                    "start",
                )
                break
            except subprocess.CalledProcessError as error:
                if attempt == START_ATTEMPTS:
                    error.stderr = f"{error.stderr}\n--- server.log ---\n{server.log()}"
                    raise
    except BaseException:
        server.stop()
        raise
    return server
