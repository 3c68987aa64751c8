"""Processes the server tests start: a free loopback port, `ppb serve` as `make run` starts it,
and a clean stop."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen, grace: float = 10) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


def start_serve(folder: Path, env_extra: dict | None = None,
                timeout: float = 90) -> tuple[subprocess.Popen, str]:
    """Start `ppb serve` on a free port with its instance folder in ``folder`` (demo data
    seeded; DATABASE_URL only when given in ``env_extra``), appending its output to
    ``folder/server.log``; returns the process and its base url once /api/v1/health answers."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, "PPB_INSTANCE_DIR": str(folder), "PPB_SEED_SAMPLES": "1",
           "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.update(env_extra or {})
    log = folder / "server.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "validator", "serve", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=2):
                return proc, base
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                stop(proc)
                pytest.fail("ppb serve did not start:\n" + log.read_text(errors="replace"))
            time.sleep(0.2)


@contextmanager
def ppb_serve(folder: Path, **env_extra: str) -> Iterator[tuple[str, dict, Path]]:
    """`ppb serve` as :func:`start_serve` starts it; yields (base url, health answer, log)."""
    proc, base = start_serve(folder, env_extra)
    try:
        with urllib.request.urlopen(base + "/api/v1/health", timeout=5) as r:
            health = json.load(r)
        yield base, health, folder / "server.log"
    finally:
        stop(proc)
