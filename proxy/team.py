"""How a guard joins its team: the store it opens, its first settings, who sends.

The team's settings live in the store with a version (`proxy.store.base`); every guard
polls that version every second on the store's own thread and applies a new one as soon as
it sees it, so a lead's change reaches every seat within seconds. Command-line modes
(`--mode`, `--fail-mode`) stay pinned on top for that one run.

Where the first settings come from, in order: the store; for an existing single seller
whose store has none yet, the `settings.json` of earlier versions (imported once, so old
data keeps working); when the store cannot be reached at start, the last team policy this
guard saw (`team-policy.json`), else the defaults. The guard then starts and deciding never
waits for the database.

A seat is who sent a message: on a shared guard, the user name of the seat's proxy
credentials (mitmproxy's proxyauth with an htpasswd file, `--seats-file`), else this
machine's `--seat`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from policy import ConfigError
from proxy.state import Settings
from proxy.store import GuardStore, StoreUnavailable, open_guard_store

logger = logging.getLogger(__name__)


def open_store_and_settings(data_dir: Path, url: str | None) -> tuple[GuardStore, Settings, int]:
    store = open_guard_store(url, data_dir)
    try:
        version, data = store.read_settings()
        if data is None:
            legacy = data_dir / "settings.json"
            settings = Settings.load(legacy)
            if legacy.exists():
                version = store.write_settings(settings.to_dict())
                logger.info("bsm-guard: imported %s into the store", legacy)
            return store, settings, version
        return store, Settings.from_dict(data), version
    except StoreUnavailable as exc:
        logger.warning("bsm-guard: the store is unavailable at start (%s); using the last "
                       "known team settings", exc)
        for path in (data_dir / "team-policy.json", data_dir / "settings.json"):
            if path.exists():
                try:
                    return store, Settings.load(path), 0
                except ConfigError as bad:
                    logger.warning("bsm-guard: %s", bad)
        return store, Settings(), 0
    except BaseException:
        store.close(drain_seconds=0)
        raise


def seat_of(flow: Any, default: str | None) -> str | None:
    """The seat that sent this flow: its proxy user name if the guard asks for one."""
    auth = flow.metadata.get("proxyauth") if flow is not None else None
    if auth and auth[0]:
        return str(auth[0])
    return default
