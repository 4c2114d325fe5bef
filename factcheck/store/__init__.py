"""Storage: the schema, ORM models, engine and migrations runner, transactions, the
versioned records, listings, ledger files, ClaimReview export and the standards report.

The only package that imports SQLAlchemy."""
