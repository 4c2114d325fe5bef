"""Commands: diff."""
