"""Give freed memory back to the system after loading a large resource.

Loading a word list or Harper's dictionary builds large temporary structures; once they are
freed, glibc keeps most of the pages for reuse, so the process's resident memory stays at the
loading peak (36 MB more than needed after Harper, for example). `release_freed_memory`
asks glibc to return them (`malloc_trim`); elsewhere it does nothing.
"""

from __future__ import annotations


def release_freed_memory() -> None:
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
