"""Every command is documented in the README and shows an example in its --help."""

import click
import pytest
from click.testing import CliRunner

from conftest import ROOT
from factcheck.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path


COMMANDS = list(_commands(cli))


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_command_is_in_the_readme(path):
    assert f"factcheck {' '.join(path)}" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_command_help_ends_with_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"factcheck {path[0]}" in result.output.split("Example:")[1]
