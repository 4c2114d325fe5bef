"""Command line interface: ``factcheck`` and ``python -m factcheck``.

Commands live in one module per feature; importing them registers them on
:data:`cli`. They import the library inside their bodies to keep start-up fast.
"""

from factcheck.cli.base import cli
from factcheck.cli import archive, checks, desk, diff, known, ledger, notices, watch  # noqa: F401  (registers commands)

__all__ = ["cli"]
