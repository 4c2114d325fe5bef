"""Commands: ledger."""
