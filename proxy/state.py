"""State shared by the addon, the API and the service inside one `bsm-guard run` process.

Everything here is plain in-process state on one event loop: the settings the API can change,
the bus that carries verdicts to `/api/events`, and what the guard has learned about orders from
traffic and from the extension. Durable records (verdicts, review requests, overrides) live in
the `Store`, which other processes (`bsm-guard history`, `allow`) open too.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import tempfile
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from policy import Config, ConfigError

logger = logging.getLogger(__name__)

MODES = ("block", "warn", "off")
FAIL_MODES = ("closed", "open")


def text_hash(text: str) -> str:
    """Identity of a message text for overrides and history: NFC, line endings and trailing
    space normalised, so the same words typed again match."""
    normal = unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Settings:
    mode: str = "block"
    fail_mode: str = "closed"
    config: Config = field(default_factory=Config)

    def to_dict(self) -> dict[str, Any]:
        return {"mode": self.mode, "fail_mode": self.fail_mode, "config": self.config.to_mapping()}

    @classmethod
    def from_dict(cls, data: dict[str, Any], base: "Settings | None" = None) -> "Settings":
        """Apply a partial settings dict (as PUT /api/settings sends) on top of `base`."""
        base = base or cls()
        if not isinstance(data, dict):
            raise ConfigError("settings must be a JSON object")
        unknown = set(data) - {"mode", "fail_mode", "config"}
        if unknown:
            raise ConfigError(f"unknown settings key(s): {', '.join(sorted(unknown))}")
        mode = data.get("mode", base.mode)
        if mode not in MODES:
            raise ConfigError(f"mode must be one of {', '.join(MODES)}")
        fail_mode = data.get("fail_mode", base.fail_mode)
        if fail_mode not in FAIL_MODES:
            raise ConfigError(f"fail_mode must be one of {', '.join(FAIL_MODES)}")
        config = base.config
        if "config" in data:
            merged = {**base.config.to_mapping(), **(data["config"] or {})}
            config = Config.from_mapping(merged, "settings.config")
        return replace(base, mode=mode, fail_mode=fail_mode, config=config)

    def save(self, path: Path) -> None:
        """Write atomically, 0600: a unique temporary file, fsync, rename. On any failure
        (disk full) the old file stays as it was and no temporary file is left behind."""
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:  # mkstemp makes it 0600
                out.write(json.dumps(self.to_dict(), indent=2))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    @classmethod
    def load(cls, path: Path) -> "Settings":
        if not path.exists():
            return cls()
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, ConfigError) as exc:
            raise ConfigError(f"{path}: {exc}") from None


class EventBus:
    """Fan-out of events to `/api/events` subscribers. A slow subscriber loses old events
    rather than slowing the proxy: publishing never waits."""

    def __init__(self, queue_size: int = 100):
        self._queues: set[asyncio.Queue] = set()
        self._queue_size = queue_size

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(self._queue_size)
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self._queues.discard(queue)

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    def publish(self, event: dict[str, Any]) -> None:
        for queue in list(self._queues):
            if queue.full():
                try:
                    queue.get_nowait()
                except asyncio.QueueEmpty:
                    pass
            queue.put_nowait(event)


class OrderContext:
    """What the guard has learned about orders (buyer language, order date, marketplace) from
    SP-API responses and from the extension. Bounded; missing context never blocks."""

    FIELDS = ("buyer_language", "order_date", "marketplace")

    def __init__(self, limit: int = 5000):
        self._orders: OrderedDict[str, dict[str, str]] = OrderedDict()
        self._limit = limit

    def learn(self, order_id: str, **facts: str | None) -> None:
        known = self._orders.setdefault(order_id, {})
        known.update({k: v for k, v in facts.items() if k in self.FIELDS and v})
        self._orders.move_to_end(order_id)
        while len(self._orders) > self._limit:
            self._orders.popitem(last=False)

    def get(self, order_id: str | None) -> dict[str, str]:
        if not order_id:
            return {}
        return dict(self._orders.get(order_id, {}))


@dataclass
class GuardState:
    """`settings` is what the guard applies: the team's saved settings (`team`, at
    `settings_version` in the store) with this run's command-line modes (`pinned`) on top.
    `seat` names this machine's agent (`--seat`); a shared guard names seats per request."""

    data_dir: Path
    settings: Settings
    store: Any  # proxy.store.GuardStore (or a bare backend in some tests)
    token: str
    events: EventBus = field(default_factory=EventBus)
    orders: OrderContext = field(default_factory=OrderContext)
    seat: str | None = None
    team: Settings | None = None
    pinned: dict[str, str] = field(default_factory=dict)
    settings_version: int = 0

    @property
    def settings_path(self) -> Path:
        return self.data_dir / "settings.json"

    @property
    def policy_cache_path(self) -> Path:
        return self.data_dir / "team-policy.json"

    def update_settings(self, changes: dict[str, Any]) -> Settings:
        """Validate, save to the store as the next version, and only then apply: a save
        that fails (store unavailable, disk full, someone else saved first) changes
        nothing. Blocks on the store: call it off the event loop."""
        team = Settings.from_dict(changes, self.team or self.settings)
        self.settings_version = self.store.write_settings(team.to_dict(), seat=self.seat)
        self.apply_team(team)
        return self.settings

    def apply_team(self, team: Settings) -> None:
        self.team = team
        self.settings = Settings.from_dict(self.pinned, team) if self.pinned else team

    def team_settings_changed(self, version: int, data: dict[str, Any]) -> None:
        """The store's poller saw another version (another guard saved settings)."""
        try:
            team = Settings.from_dict(data)
        except ConfigError as exc:
            logger.warning("bsm-guard: ignoring team settings version %d: %s", version, exc)
            return
        self.settings_version = version
        self.apply_team(team)
        logger.info("bsm-guard: team settings version %d applied (mode %s)", version,
                    self.settings.mode)
        try:  # the last known team policy, for a start while the store is unreachable
            team.save(self.policy_cache_path)
        except OSError:
            pass
