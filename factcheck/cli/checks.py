"""Commands: checks."""
