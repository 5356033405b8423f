"""Harper in a child process, so an idle guard does not hold its dictionary (issue 8).

Harper's dictionary costs the guard 120-140 MB that glibc cannot give back once loaded. The
guard therefore lints English in a worker (`python -m proxy.grammar_worker`) that it starts on
the first English check and that exits by itself after `idle_seconds` without a request (or as
soon as the guard goes away: its stdin closes). The next English check starts a new one; that
first check waits for Harper to load (about a second; `bench/bench_guard_memory.py` prints it).

The pipe carries one JSON line each way: `{"text": ...}`, then `{"lints": [[start, end,
message, suggestion], ...]}` (`grammar_backend.Lint`, the same values the in-process linter
gives, so findings are identical). The worker's fd 1 is pointed at stderr once it has kept a
private copy for replies, so Harper's debug output never corrupts the protocol.

Bounded: starting may take `start_seconds`, a lint `call_seconds`; past either the worker is
killed and the check gets `GrammarUnavailable`, which S311 reports as "grammar was not
checked". A worker found dead (killed, crashed, or gone idle just as a request was written) is
replaced once within the same call. Only the service installs this (`install`); `bsm-guard
check` and library callers keep Harper in their own short-lived process, where a child would
only add a second start-up.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

from policy.rules import grammar_backend
from policy.rules.grammar_backend import GrammarUnavailable, Lint

log = logging.getLogger("bsm_guard.grammar")

IDLE_SECONDS = 120.0
IDLE_ENV = "BSM_GUARD_GRAMMAR_IDLE_SECONDS"  # overrides IDLE_SECONDS (tests use a few seconds)
CALL_SECONDS = 5.0  # a lint takes milliseconds; 10,000 characters about 40 ms
START_SECONDS = 30.0  # Python and Harper's dictionary: about a second on an idle machine
PROJECT_ROOT = Path(__file__).resolve().parents[1]


class _WorkerGone(Exception):
    """The worker closed its end before answering (it exited or was killed)."""


class WorkerGrammar:
    """The grammar backend the guard installs: lints in a child process started on demand."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS, call_seconds: float = CALL_SECONDS,
                 start_seconds: float = START_SECONDS):
        self.idle_seconds = idle_seconds
        self.call_seconds = call_seconds
        self.start_seconds = start_seconds
        self._lock = threading.Lock()  # one request on the pipe at a time
        self._proc: subprocess.Popen | None = None
        self._pending = b""
        self.starts = 0

    @property
    def pid(self) -> int | None:
        """The running worker's process id, or None when there is none (never started, exited
        idle, or died)."""
        proc = self._proc
        return proc.pid if proc is not None and proc.poll() is None else None

    def lint(self, text: str) -> list[Lint]:
        if not self._lock.acquire(timeout=self.call_seconds):
            raise GrammarUnavailable("the grammar checker is busy with another message")
        try:
            for attempt in range(2):
                fresh = self._ensure_started()
                try:
                    return self._ask(text)
                except _WorkerGone as exc:
                    self._discard()
                    if fresh or attempt:
                        raise GrammarUnavailable(f"the grammar checker stopped: {exc}") from None
                    log.info("grammar worker was gone (%s); starting a new one", exc)
            raise AssertionError("unreachable")
        finally:
            self._lock.release()

    def stop(self) -> None:
        """Close the worker's stdin (it exits at once) and wait briefly; kill it if it lingers."""
        with self._lock:
            self._discard()

    # -- the child process ----------------------------------------------------------------------
    def _ensure_started(self) -> bool:
        """Start a worker unless one is running; True when this call started it."""
        if self._proc is not None and self._proc.poll() is None:
            return False
        self._discard()
        started = time.monotonic()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "proxy.grammar_worker", "--idle", str(self.idle_seconds)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, cwd=PROJECT_ROOT)
        # Reap the worker when it exits on its own, so no zombie is left behind an idle guard.
        threading.Thread(target=self._proc.wait, name="grammar-worker-reaper",
                         daemon=True).start()
        self._pending = b""
        self.starts += 1
        try:
            ready = self._read_line(self.start_seconds, "start")
        except _WorkerGone as exc:
            self._discard()
            raise GrammarUnavailable(f"the grammar checker did not start: {exc}") from None
        if not ready.get("ready"):
            self._discard()
            raise GrammarUnavailable(f"the grammar checker did not start: {ready.get('error')}")
        log.info("grammar worker %d ready in %.2f s", self._proc.pid, time.monotonic() - started)
        return True

    def _ask(self, text: str) -> list[Lint]:
        try:
            self._proc.stdin.write(json.dumps({"text": text}).encode() + b"\n")
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise _WorkerGone(f"the pipe is closed ({type(exc).__name__})") from None
        reply = self._read_line(self.call_seconds, "lint")
        if "error" in reply:
            raise GrammarUnavailable(f"the grammar checker failed: {reply['error']}")
        return [Lint(*values) for values in reply["lints"]]

    def _read_line(self, seconds: float, what: str) -> dict:
        """The worker's next reply within `seconds`; a worker that does not answer in time is
        killed (a hung Harper must not hold the check thread)."""
        deadline = time.monotonic() + seconds
        fd = self._proc.stdout.fileno()
        while b"\n" not in self._pending:
            left = deadline - time.monotonic()
            readable = select.select([fd], [], [], max(left, 0))[0] if left > 0 else []
            if not readable:
                self._discard(kill=True)
                raise GrammarUnavailable(f"the grammar checker did not answer within "
                                         f"{seconds:g} s ({what}); it was stopped")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise _WorkerGone(_how_it_ended(self._proc))
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return json.loads(line)

    def _discard(self, kill: bool = False) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if kill:
            proc.kill()
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            proc.wait(2 if proc.poll() is None else 0)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _how_it_ended(proc: subprocess.Popen) -> str:
    try:
        code = proc.wait(1)
    except subprocess.TimeoutExpired:
        return "its output closed"
    return f"it was killed (signal {-code})" if code < 0 else f"it exited (status {code})"


def install(idle_seconds: float | None = None) -> WorkerGrammar:
    """Make S311 lint in a worker process for the rest of this process (the service calls
    this once at start; again, it returns the installed worker). The idle period comes from
    `idle_seconds`, else $BSM_GUARD_GRAMMAR_IDLE_SECONDS, else IDLE_SECONDS."""
    installed = grammar_backend.current()
    if isinstance(installed, WorkerGrammar):
        return installed
    if idle_seconds is None:
        idle_seconds = float(os.environ.get(IDLE_ENV) or IDLE_SECONDS)
    worker = WorkerGrammar(idle_seconds)
    grammar_backend.use(worker)
    atexit.register(worker.stop)
    return worker


# -- inside the worker ----------------------------------------------------------------------------
def serve(idle_seconds: float) -> int:
    """Answer lint requests on stdin until stdin closes or `idle_seconds` pass without one."""
    replies = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)  # Harper's own output goes to stderr, never into a reply
    backend = grammar_backend.InProcessHarper()
    try:
        grammar_backend.linter()
    except Exception as exc:  # Harper missing or broken: say so, the guard reports it
        replies.write(json.dumps({"ready": False, "error": f"{type(exc).__name__}: {exc}"})
                      .encode() + b"\n")
        return 1
    replies.write(json.dumps({"ready": True, "pid": os.getpid()}).encode() + b"\n")
    pending = b""
    while True:
        if not select.select([0], [], [], idle_seconds)[0]:
            return 0  # idle: give the dictionary's memory back by exiting
        chunk = os.read(0, 1 << 16)
        if not chunk:
            return 0  # the guard closed the pipe or is gone
        pending += chunk
        while b"\n" in pending:
            line, _, pending = pending.partition(b"\n")
            try:
                reply = {"lints": [list(x) for x in backend.lint(json.loads(line)["text"])]}
            except Exception as exc:
                reply = {"error": f"{type(exc).__name__}: {exc}"}
            replies.write(json.dumps(reply).encode() + b"\n")


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="bsm-guard's grammar worker (Harper)")
    parser.add_argument("--idle", type=float, default=IDLE_SECONDS,
                        help="exit after this many seconds without a request")
    return serve(parser.parse_args(argv).idle)


if __name__ == "__main__":
    sys.exit(main())
