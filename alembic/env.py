"""Alembic environment: migrates the database easytrack is configured for (or the URL a caller passes)."""

from logging.config import fileConfig

from alembic import context
from sqlmodel import SQLModel

from easytrack import models  # noqa: F401  (registers the tables on SQLModel.metadata)
from easytrack.config import settings
from easytrack.db import make_engine

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.attributes.get("url", settings.db_url),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = make_engine(config.attributes.get("url", settings.db_url))
        with engine.connect() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:
    # SQLite's batch mode changes a table by copying it, dropping the old one and renaming the copy. With
    # foreign keys on (easytrack.db turns them on), that DROP cascades: altering `habits` would delete every
    # check-in. SQLite ignores this pragma inside a transaction, so it is set before the migrations begin,
    # and the keys are checked once they are done.
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()):
            raise RuntimeError(f"migrations left rows pointing at nothing: {broken[:5]}")
    finally:
        if sqlite:
            connection.rollback()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
