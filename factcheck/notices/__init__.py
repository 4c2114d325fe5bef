"""Correction notices: classifying changes, drafting them from the diff and the ledger's
facts, and the house templates (files a newsroom can override)."""
