"""The local durable queue: records the store could not take yet, kept until it can.

An append-only file of JSON lines under the data dir, created 0600, each append written and
`fsync`ed before the guard answers the send, so a record survives the guard being killed.
An append that fails part-way (disk full) is cut back to the last whole line, and the record
is then held in memory, which `status` reports: the guard says the record is not durable
rather than pretending. A torn last line (power lost mid-write, before the append returned)
is skipped on reading, and the next append starts on a new line rather than gluing a good
record onto it.

Replays are idempotent (every record has a uid the store keeps unique), so the queue never
needs to know which of its records the store already has: after a crash it replays them all.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any


class DurableQueue:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._memory: list[dict[str, Any]] = []

    def append(self, record: dict[str, Any]) -> bool:
        """Keep `record`; True when it is on disk, False when only in memory."""
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            except OSError:
                self._memory.append(record)
                return False
            try:
                start = None  # unknown: never truncate (that could cut older records)
                try:
                    start = os.fstat(fd).st_size
                    if start and os.pread(fd, 1, start - 1) != b"\n":
                        line = b"\n" + line  # after a torn line: never glue a record onto it
                    view = memoryview(line)
                    while view:
                        view = view[os.write(fd, view):]
                    os.fsync(fd)
                    return True
                except OSError:
                    try:
                        if start is not None:
                            os.ftruncate(fd, start)
                    except OSError:
                        pass
                    self._memory.append(record)
                    return False
            finally:
                os.close(fd)

    def pending(self) -> tuple[list[dict[str, Any]], tuple[int, int]]:
        """Everything kept, oldest first, and a marker to pass to `done` once replayed."""
        with self._lock:
            try:
                data = self.path.read_bytes()
            except FileNotFoundError:
                data = b""
            memory = list(self._memory)
        records = []
        for raw in data.splitlines():
            try:
                records.append(json.loads(raw))
            except ValueError:
                continue  # a torn line from a crash mid-write
        return records + memory, (len(data), len(memory))

    def done(self, marker: tuple[int, int]) -> int:
        """Forget what `pending` returned with `marker`; returns how many records remain."""
        size, in_memory = marker
        with self._lock:
            del self._memory[:in_memory]
            try:
                data = self.path.read_bytes()
            except FileNotFoundError:
                data = b""
            tail = data[size:]
            if size:
                tmp = self.path.with_name(self.path.name + ".tmp")
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                try:
                    os.write(fd, tail)
                    os.fsync(fd)
                finally:
                    os.close(fd)
                os.replace(tmp, self.path)
            return sum(1 for raw in tail.splitlines() if raw.strip()) + len(self._memory)

    def __len__(self) -> int:
        records, _ = self.pending()
        return len(records)

    @property
    def in_memory(self) -> int:
        with self._lock:
            return len(self._memory)
