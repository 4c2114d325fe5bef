"""The wheel ships its migrations: install it into a fresh virtual environment, away
from this checkout, and run the seed walkthrough with it."""

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from conftest import ROOT, SEED_LEDGER

pytestmark = pytest.mark.slow


def _run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work / "dist"), str(ROOT)])
    (wheel,) = (work / "dist").glob("factcheck-*.whl")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    _run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)])
    return env_dir


def test_installed_wheel_runs_the_seed_walkthrough_outside_the_checkout(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FACTCHECK_DATABASE_URL")}
    factcheck = str(installed / "bin" / "factcheck")
    # Nothing from the checkout is importable here: the migrations must come from the wheel.
    where = _run([str(installed / "bin" / "python"), "-c", "import factcheck.migrations as m; print(m.__file__)"],
                 cwd=tmp_path, env=env).stdout
    assert "site-packages" in where
    assert _run([factcheck, "import", str(SEED_LEDGER)], cwd=tmp_path, env=env).stdout.startswith("imported khadr-wikileaks")
    assert (tmp_path / "factcheck.db").exists()
    assert "Kouchner" in _run([factcheck, "claims", "khadr-wikileaks"], cwd=tmp_path, env=env).stdout
    assert _run([factcheck, "db", "current"], cwd=tmp_path, env=env).stdout.endswith("up to date\n")
    assert "Usage:" in _run([str(installed / "bin" / "python"), "-m", "factcheck", "--help"], cwd=tmp_path, env=env).stdout
    # The check-worthiness weights ship in the wheel: extract scores with the model, no fallback warning.
    extracted = _run([factcheck, "extract", str(ROOT / "claims" / "khadr-wikileaks-v1.txt"), "--format", "json"],
                     cwd=tmp_path, env=env)
    assert '"name": "checkworthy-linear"' in extracted.stdout and extracted.stderr == ""


def test_installed_wheel_ships_the_desk_templates_and_assets(installed, tmp_path):
    """The desk's templates and static files are package data: the desk renders from a wheel."""
    script = (
        "import importlib.resources as r\n"
        "from factcheck.desk.app import templates\n"
        "for name in ('base', 'desk', 'article', 'diff', 'claim', 'notice', 'search', 'login', 'error'):\n"
        "    templates().get_template(name + '.html.j2')\n"
        "assert 'print' in r.files('factcheck.desk').joinpath('static/desk.css').read_text()\n"
        "assert 'keydown' in r.files('factcheck.desk').joinpath('static/desk.js').read_text()\n"
        "print('ok')\n"
    )
    result = _run([str(installed / "bin" / "python"), "-c", script], cwd=tmp_path)
    assert result.stdout == "ok\n"


def test_installed_wheel_counts_known_claims_in_c_where_a_compiler_built_it(installed, tmp_path):
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler here: the wheel has the numpy path only")
    script = "from factcheck.store import claim_key_index as c; print(c._key_meeting is not None, c._key_meeting.__file__)"
    result = _run([str(installed / "bin" / "python"), "-c", script], cwd=tmp_path)
    built, where = result.stdout.split()
    assert built == "True" and "site-packages" in where
