"""Backup and restore of an SQLite site database while the site runs.

A plain copy of the file is not a backup in WAL mode: recent commits sit in
the ``-wal`` file, and a copy taken during a write is torn. SQLite's online
backup API copies one consistent snapshot instead, and readers and writers
carry on meanwhile. PostgreSQL is backed up with pg_dump (see the README).
"""

import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from django.db import connections

NOT_SQLITE = (
    "The database is not an SQLite file; back PostgreSQL up with pg_dump -Fc "
    "and restore it with pg_restore (see the README)."
)
NOT_A_DIRECTORY = "%(path)s: the folder does not exist."
NOT_A_BACKUP = "%(path)s: not a backup of this site's database (%(reason)s)."


class BackupError(Exception):
    """A backup or restore that cannot be made; nothing was written."""


def _database() -> tuple[str, float]:
    """The site's SQLite file and how long to wait for a lock on it."""
    settings = connections["default"].settings_dict
    if settings["ENGINE"] != "django.db.backends.sqlite3" or "memory" in str(
        settings["NAME"]
    ):
        raise BackupError(NOT_SQLITE)
    return str(settings["NAME"]), settings.get("OPTIONS", {}).get("timeout", 5)


def _check(path: Path) -> None:
    """Refuse a file that is not a sound SQLite database of a Django site."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(NOT_A_BACKUP % {"path": path, "reason": result})
            db.execute("SELECT 1 FROM django_migrations LIMIT 1")
    except sqlite3.Error as error:
        raise BackupError(NOT_A_BACKUP % {"path": path, "reason": error}) from None


def sqlite_backup(*, target: Path) -> None:
    """Write a consistent copy of the site's database to ``target``, a single file.

    The copy is checked and then moved into place, so ``target`` is either the
    complete backup or left as it was.
    """
    database, timeout = _database()
    if not target.parent.is_dir():
        raise BackupError(NOT_A_DIRECTORY % {"path": target.parent})
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    os.close(handle)
    partial = Path(name)
    try:
        with (
            closing(sqlite3.connect(database, timeout=timeout)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy)
            # One self-contained file, with no -wal beside it.
            copy.execute("PRAGMA journal_mode=DELETE")
        _check(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def sqlite_restore(*, source: Path) -> None:
    """Replace the site's database with the backup in ``source``, in one transaction.

    Connections of running app servers see the restored database from their
    next transaction on.
    """
    database, timeout = _database()
    _check(source)
    connections["default"].close()
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup,
        closing(sqlite3.connect(database, timeout=timeout)) as live,
    ):
        backup.backup(live)
