"""Where S311 gets Harper's lints: from a linter in this process, or from a backend the host
installs.

Harper's dictionary holds 120-140 MB that cannot be given back while the process lives. A
one-shot `bsm-guard check` or a library caller does not mind; a guard that sits idle all day
does. So the rule asks `current()` for lints and the service may `use()` a backend that lints
in a child process (`proxy/grammar_worker.py`). policy/ itself never starts processes.

A backend has one method, `lint(text) -> list[Lint]`. `Lint` is plain data (span, message,
first suggestion), so lints cross a pipe unchanged and findings are the same wherever Harper
ran. A backend that cannot lint raises `GrammarUnavailable`; the rule then says grammar was
not checked instead of reporting a clean text.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from typing import NamedTuple, Protocol

from policy.datafile import load as data
from policy.memory import release_freed_memory

RULES = frozenset(data("grammar.toml")["rules"])


class GrammarUnavailable(RuntimeError):
    """The grammar backend could not lint this text (a worker that died, hung or never
    started). The message names the cause."""


class Lint(NamedTuple):
    start: int
    end: int
    message: str
    suggestion: str | None  # Harper's first non-empty replacement, if any


class GrammarBackend(Protocol):
    def lint(self, text: str) -> list[Lint]: ...


_lock = threading.Lock()  # a harper.Linter is not thread-safe
_linter = None


def linter():
    """The Harper linter (American dialect; British spellings are S310's concern), built once
    per process, with only the allowlisted rules switched on."""
    global _linter
    if _linter is None:
        with _lock:
            if _linter is None:
                import harper

                with _stdout_to_stderr():
                    made = harper.Linter(harper.Dialect.AMERICAN)
                    config = made.get_lint_config()
                    made.set_lint_config({name: name in RULES for name in config})
                _linter = made
                release_freed_memory()  # building the dictionary leaves ~35 MB freed
    return _linter


@contextmanager
def _stdout_to_stderr():
    """Point fd 1 at fd 2 for the duration (Rust code writes to the fd, not to sys.stdout)."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
        os.dup2(2, 1)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class InProcessHarper:
    """Harper in this process: the default, and what a grammar worker runs inside."""

    def lint(self, text: str) -> list[Lint]:
        harper_linter = linter()
        with _lock, _stdout_to_stderr():
            found = harper_linter.lint(text, language="plaintext", dedup=False)
        return [Lint(x.span.start, x.span.end, x.message,
                     next((s.replacement_text for s in x.suggestions if s.replacement_text),
                          None))
                for x in found]


_backend: GrammarBackend = InProcessHarper()


def current() -> GrammarBackend:
    return _backend


def use(backend: GrammarBackend) -> GrammarBackend:
    """Make `backend` the one S311 asks from now on; returns the previous one (to restore)."""
    global _backend
    previous, _backend = _backend, backend
    return previous
