"""factcheck serve: a production server on loopback unless told otherwise."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request

from tests.conftest import ROOT


def test_a_taken_port_is_one_line_and_exit_2(run_sqlite):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = run_sqlite("serve", "--port", str(port))
    assert result.exit_code == 2
    assert result.output == (
        f"Error: cannot listen on 127.0.0.1:{port} (Address already in use); choose another --port or --host.\n"
    )


def test_serve_prints_its_url_and_warns_beyond_loopback(sqlite_url):
    env = {**os.environ, "FACTCHECK_DATABASE_URL": sqlite_url, "FACTCHECK_SECRET_KEY": "k"}
    process = subprocess.Popen([sys.executable, "-m", "factcheck", "serve", "--host", "0.0.0.0", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        line = process.stdout.readline()
        assert line.startswith("factcheck desk at http://0.0.0.0:") and line.endswith("/ (Ctrl-C to stop)\n")
        port = int(line.split(":")[2].split("/")[0])
        warnings = [process.stderr.readline(), process.stderr.readline()]
        assert warnings[0].startswith("Warning: listening on 0.0.0.0, not loopback")
        assert warnings[1] == "Warning: no desk accounts yet; add one with factcheck user add NAME --role admin.\n"
        # The real server answers, with uvicorn's server header left out.
        response = urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=30)
        assert response.status == 200 and "server" not in {k.lower() for k in response.headers}
    finally:
        process.terminate()
        process.wait(timeout=30)
