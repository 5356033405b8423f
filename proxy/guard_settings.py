"""The guard's saved settings, read by `bsm-guard check` so the CLI and the proxy agree.

What a seller chooses in the extension ("ignore the rule", "add the word to the
dictionary") is saved through `PUT /api/settings` into the store as the team's settings
(`proxy.state`, `proxy.team`). `check` reads the `config` of those settings from the same
store the guard uses and puts `bsm-guard.toml` on top of it (`merge`).

Reading must never change anything and never wait long:

- the data dir is only looked at, never created (the guard's own `ensure_data_dir` creates
  it, so it is not used here); no data dir or no database file means the guard never ran or
  never saved settings, and the check goes on silently with the file config;
- SQLite is opened with `mode=ro` (the store's own `SQLiteStore` creates the file, migrates
  and prunes old records, which a check must not do); PostgreSQL with
  `default_transaction_read_only`, a connect and a statement timeout;
- the whole read runs on a daemon thread with a deadline, so a store that does not answer
  costs at most `TIMEOUT` seconds.

Both read-only backends are `SQLStore`s, so the settings are read by the store's own
`read_settings` (the SQL stays in `proxy.store.base`). Any failure becomes one notice line.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from policy import Config, ConfigError
from proxy.store.base import SQLStore, StoreError

TIMEOUT = 3.0  # seconds for the whole read, connecting included
DB_FILE = "guard.sqlite3"  # proxy.store.DB_FILE
LEGACY_FILE = "settings.json"  # settings of versions before the store; proxy.team imports it
ENV = "BSM_GUARD_STORE"


@dataclass
class GuardSettings:
    config: Config | None  # None: nothing saved (or nothing could be read)
    source: str | None = None  # where it came from, for messages
    notice: str | None = None  # one line for stderr when the store could not be read


def default_data_dir() -> Path:
    """The data dir `bsm-guard run` uses (`proxy.service.default_data_dir`, which is not
    imported here: it pulls in mitmproxy, and `check` must start quickly)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("bsm-guard"))


def read_guard_settings(data_dir: str | None = None, store: str | None = None,
                        timeout: float = TIMEOUT) -> GuardSettings:
    """The `config` of the guard's saved settings, read-only, within `timeout` seconds."""
    box: list[GuardSettings] = []

    def work() -> None:
        try:
            box.append(_read(data_dir, store, timeout))
        except Exception as exc:  # a notice, never a traceback
            box.append(GuardSettings(None, notice=_one_line(exc)))

    thread = threading.Thread(target=work, name="bsm-guard-settings", daemon=True)
    thread.start()
    thread.join(timeout)
    if not box:
        return GuardSettings(None, notice=f"the guard's store did not answer within "
                                          f"{timeout:g} s")
    return box[0]


def _read(data_dir: str | None, store: str | None, timeout: float) -> GuardSettings:
    folder = Path(data_dir).expanduser() if data_dir else default_data_dir()
    url = store or os.environ.get(ENV) or None
    if url is None:
        if not folder.is_dir():
            if data_dir:
                return GuardSettings(None, notice=f"--data-dir: no such folder: {folder}")
            return GuardSettings(None)  # the guard never ran here
        db = folder / DB_FILE
        if not db.is_file():
            return _legacy(folder)
        where, open_backend = str(db), lambda: _ReadOnlySQLite(db, timeout)
    elif url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:").removeprefix("//")
        db = Path(path).expanduser() if path else folder / DB_FILE
        if not db.is_file():
            return GuardSettings(None, notice=f"--store: no such SQLite file: {db}")
        where, open_backend = str(db), lambda: _ReadOnlySQLite(db, timeout)
    elif url.startswith(("postgresql://", "postgres://")):
        from proxy.store.postgres import redact

        where, open_backend = redact(url), lambda: _ReadOnlyPostgres(url, timeout)
    else:
        return GuardSettings(None, notice=f"--store: {url!r} is not a store URL (use "
                                          f"postgresql://user@host/db or "
                                          f"sqlite:///path/guard.sqlite3)")
    try:
        backend = open_backend()
        try:
            _version, data = backend.read_settings()
        finally:
            backend.close()
    except Exception as exc:  # sqlite3's or psycopg's errors: one line naming the store
        return GuardSettings(None, notice=f"{where}: {_one_line(exc)}")
    if data is None:
        return _legacy(folder) if url is None else GuardSettings(None)
    return _settings(data, where)


def _legacy(folder: Path) -> GuardSettings:
    """A data dir of a version before the store: its `settings.json` is what the guard
    imports on its next start."""
    path = folder / LEGACY_FILE
    if not path.is_file():
        return GuardSettings(None)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return GuardSettings(None, notice=f"{path}: {_one_line(exc)}")
    return _settings(data, str(path))


def _settings(data: object, where: str) -> GuardSettings:
    from proxy.state import Settings

    try:
        return GuardSettings(Settings.from_dict(data).config, source=where)  # type: ignore[arg-type]
    except ConfigError as exc:
        return GuardSettings(None, notice=f"{where}: the saved settings are not valid: {exc}")


def _one_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


# -- read-only backends --------------------------------------------------------------------------
class _ReadOnlySQLite(SQLStore):
    backend = "sqlite"

    def __init__(self, path: Path, timeout: float):
        super().__init__()
        # mode=ro: never creates the file, never writes; WAL readers do not wait for writers.
        # With no -wal file no guard has the store open and everything is in the file itself:
        # immutable=1 then reads it without creating the -wal and -shm files a WAL reader
        # otherwise leaves behind. (A guard that starts writing during this read can make it
        # fail, which is one notice.)
        # A WAL reader writes its read mark into the -shm's mapping: if that file cannot be
        # written, SQLite would SIGBUS this process (proxy.store.sqlite); a notice instead.
        from proxy.store.sqlite import shm_fault

        fault = shm_fault(path)
        if fault:
            raise StoreError(fault)
        wal = path.with_name(path.name + "-wal")
        query = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
        self._db = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True,
                                   timeout=timeout, isolation_level=None,
                                   check_same_thread=False)
        self._db.row_factory = sqlite3.Row

    @contextmanager
    def _tx(self):
        yield lambda sql, params=(): [dict(r) for r in self._db.execute(sql, params).fetchall()]

    def close(self) -> None:
        self._db.close()


class _ReadOnlyPostgres(SQLStore):
    backend = "postgresql"

    def __init__(self, url: str, timeout: float):
        import psycopg
        from psycopg.rows import dict_row

        super().__init__()
        self._conn = psycopg.connect(
            url, autocommit=True, row_factory=dict_row,
            connect_timeout=max(2, int(timeout)),  # libpq's minimum is 2 s
            options=f"-c statement_timeout={int(timeout * 1000)} "
                    f"-c default_transaction_read_only=on",
            application_name="bsm-guard check")

    @contextmanager
    def _tx(self):
        def run(sql: str, params: tuple = ()) -> list[dict]:
            cursor = self._conn.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

        yield run

    def close(self) -> None:
        self._conn.close()


# -- precedence ----------------------------------------------------------------------------------
def merge(guard: Config, file: Config, file_keys: set[str]) -> Config:
    """`bsm-guard.toml` on top of the guard's settings.

    Lists add up: ignored rules, words and allowed domains of both apply. Where the two
    disagree the file wins: a key the file sets (`select`, `marketplace`, `spelling`,
    `grammar`) replaces the guard's, a severity the file gives replaces the guard's for that
    rule, and a rule the file names in `select` or `severity` is checked even if the guard's
    settings ignore it."""
    named = set(file.select or ()) | set(file.severity)
    return replace(
        guard,
        select=file.select if "select" in file_keys else guard.select,
        ignore=frozenset(file.ignore | (guard.ignore - named)),
        severity={**guard.severity, **file.severity},
        allowed_domains=tuple(dict.fromkeys((*guard.allowed_domains, *file.allowed_domains))),
        words=frozenset(guard.words | file.words),
        marketplace=file.marketplace if "marketplace" in file_keys else guard.marketplace,
        spelling=file.spelling if "spelling" in file_keys else guard.spelling,
        grammar=file.grammar if "grammar" in file_keys else guard.grammar,
    )
