"""A damaged SQLite file is refused in one line before anything is written to it."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import CLAIMS, Cli

SEED = CLAIMS / "khadr-wikileaks-v1.txt"


def _damage_table(path, table: str) -> None:
    """Overwrite cells of ``table``'s root page, as a crash or a bad disk does."""
    with sqlite3.connect(path) as connection:
        (root,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        (size,) = connection.execute("PRAGMA page_size").fetchone()
    data = bytearray(path.read_bytes())
    offset = (root - 1) * size
    data[offset + 8:offset + 400] = b"\xde\xad" * 196
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged(tmp_path):
    path = tmp_path / "newsroom.db"
    run = Cli(f"sqlite:///{path}")
    for n in range(6):
        assert run("add-revision", f"council-{n}", str(SEED)).exit_code == 0
    return run, path


@pytest.mark.parametrize("table", ["articles", "revisions"])
def test_writing_into_a_damaged_file_is_refused_in_one_line(damaged, table):
    run, path = damaged
    _damage_table(path, table)
    before = path.read_bytes()
    result = run("add-revision", "ferry", "-", input="Ferries ran late on Monday.\n\nThe captain said so.\n")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Error: sqlite:///{path} is corrupted (On tree page ")
    assert line.endswith("nothing was written. Restore it from a backup, or save what it holds with: "
                         "sqlite3 FILE .recover | sqlite3 RECOVERED.db")
    assert path.read_bytes() == before


def test_a_sound_file_is_written_as_before(damaged):
    run, _ = damaged
    assert run("add-revision", "ferry", "-", input="Ferries ran late on Monday.\n").exit_code == 0
