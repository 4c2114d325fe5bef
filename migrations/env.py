"""Alembic environment for factcheck.

Run from code (``factcheck.store.engine.upgrade``) the connection arrives in
``config.attributes["connection"]``; run from the ``alembic`` command line in a
checkout, the URL comes from ``-x url=...``, ``FACTCHECK_DATABASE_URL`` or
``alembic.ini``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from factcheck.store.schema import compared_in_schema, metadata

config = context.config
target_metadata = metadata


def _configure_and_run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The full-text index tables belong to the database's search, not the schema module.
        include_name=compared_in_schema,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or os.environ.get("FACTCHECK_DATABASE_URL")
        or config.get_main_option("sqlalchemy.url")
    )
    engine = create_engine(url)
    with engine.connect() as connection:
        _configure_and_run(connection)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
