"""Start ``factcheck serve`` in a child process and stop it: for the browser tests,
the screenshot script and the desk benchmark, which all drive the real server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from typing import Iterator

__all__ = ["running_desk"]


@contextmanager
def running_desk(db_url: str, *, secret_key: str = "desk-test-key", timeout: float = 60.0) -> Iterator[str]:
    """The desk on a free loopback port; yields its base URL (``http://127.0.0.1:N``)."""
    env = {**os.environ, "FACTCHECK_SECRET_KEY": secret_key, "FACTCHECK_DATABASE_URL": db_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "factcheck", "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        if not line.startswith("factcheck desk at "):
            process.kill()
            raise RuntimeError(f"the desk did not start: {line}{process.stderr.read() if process.stderr else ''}")
        base = line.split()[3].rstrip("/")
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(f"{base}/login", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the desk did not answer on " + base) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
